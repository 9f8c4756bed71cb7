-- The province's figures for villages without mobile broadband, of them without grid power, and without fibre:
-- the latest figure taken from a document and the latest figure of any kind (a return or sample data) by a day.
-- Parameters: $unit_code (varchar, the province), $as_of (date).
with figures as (
    select
        o.*,
        u.file_name,
        u.kind as upload_kind,
        d.issued_on
    from current_observations as o
    inner join uploads as u on u.id = o.upload_id
    left join documents as d on d.code = o.source_doc
    where
        o.unit_code = $unit_code
        and o.indicator_code in ('BAN_CHUA_BRDD', 'BAN_CHUA_BRDD_DIEN', 'THON_CHUA_CAPQUANG')
        and o.period_start <= $as_of
),

documented as (
    select
        indicator_code,
        arg_max(value, period_end) as value,
        arg_max(period, period_end) as period,
        arg_max(source_doc, period_end) as source_doc,
        arg_max(source_ref, period_end) as source_ref,
        arg_max(issued_on, period_end) as issued_on,
        arg_max(note, period_end) as note
    from figures
    where source_doc is not null
    group by indicator_code
),

latest as (
    select
        indicator_code,
        arg_max(value, period_end) as value,
        arg_max(period, period_end) as period,
        arg_max(upload_kind, period_end) as upload_kind,
        arg_max(file_name, period_end) as file_name
    from figures
    group by indicator_code
)

select
    i.code as indicator_code,
    i.name,
    i.unit_of_measure,
    d.value as documented_value,
    d.period as documented_period,
    d.source_doc,
    d.source_ref,
    d.issued_on as source_issued_on,
    d.note as documented_note,
    l.value as latest_value,
    l.period as latest_period,
    l.upload_kind as latest_kind,
    l.file_name as latest_file
from indicators as i
left join documented as d on d.indicator_code = i.code
left join latest as l on l.indicator_code = i.code
where i.code in ('BAN_CHUA_BRDD', 'BAN_CHUA_BRDD_DIEN', 'THON_CHUA_CAPQUANG')
order by i.sort_order
