-- The latest observation of every indicator for one unit, with its source.
-- Parameters: $unit_code (varchar), $as_of (date): observations of periods begun by then (a month in progress counts).
with ranked as (
    select
        o.*,
        row_number() over (partition by o.indicator_code order by o.period_end desc, o.id desc) as rn
    from current_observations as o
    where o.unit_code = $unit_code and o.period_start <= $as_of
)

select
    i.code as indicator_code,
    i.name,
    i.measure,
    i.unit_of_measure,
    i.direction,
    r.period,
    r.period_end,
    r.value,
    r.numerator,
    r.denominator,
    r.note,
    r.source_doc,
    r.source_ref,
    d.issued_on as source_issued_on,
    u.file_name as upload_file,
    u.kind as upload_kind,
    u.uploaded_at
from ranked as r
inner join indicators as i on i.code = r.indicator_code
left join documents as d on d.code = r.source_doc
left join uploads as u on u.id = r.upload_id
where r.rn = 1
order by i.group_code, i.sort_order
