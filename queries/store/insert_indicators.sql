-- Add indicator definitions from the registered frame `incoming` (store/delete_replaced_indicators has removed
-- those it replaces).
-- Parameters: $upload_id (integer).
insert into indicators (
    code, name, unit_of_measure, measure, direction, numerator, denominator, level, frequency,
    group_code, group_name, sort_order, reporter_code, jump_bound, note, upload_id
)
select
    code, name, unit_of_measure, measure, direction, numerator, denominator, level, frequency,
    group_code, group_name, cast(sort_order as integer), reporter_code, cast(jump_bound as double), note, $upload_id
from incoming
