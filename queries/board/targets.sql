-- Every target of every indicator, oldest deadline first: the board keeps the milestones that passed unmet (or were
-- met late) on the indicator, not only the target that counts now (indicators/catalogue's next target).
-- Parameters: none.
select
    indicator_code,
    comparator,
    target_value,
    deadline,
    deadline_text,
    source_doc
from targets
order by indicator_code, deadline, source_doc
