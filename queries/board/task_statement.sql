-- What the documents (or returns) themselves say about the tasks, for the latest period reported by a day: the
-- provincial figures of tasks done (NV_HOANTHANH) and done late (NV_HOANTHANH_QUAHAN) of that period, with the
-- document's words as transcribed (note) and where they came from. No rows when neither was reported.
-- Parameters: $as_of (date): periods begun by then count, as on the board.
with reported as (
    select
        o.*,
        d.issued_on as source_issued_on,
        u.file_name as upload_file,
        u.kind as upload_kind
    from current_observations as o
    inner join uploads as u on u.id = o.upload_id
    left join documents as d on d.code = o.source_doc
    where
        o.unit_code = $province
        and o.indicator_code in ('NV_HOANTHANH', 'NV_HOANTHANH_QUAHAN')
        and o.period_start <= $as_of
),

latest as (
    select max(period_end) as period_end
    from reported
    where indicator_code = 'NV_HOANTHANH'
)

select
    r.indicator_code,
    r.period,
    r.value,
    r.denominator,
    r.note,
    r.source_doc,
    r.source_issued_on,
    r.source_ref,
    r.upload_file,
    r.upload_kind
from reported as r
inner join latest as l on l.period_end = r.period_end
order by r.indicator_code
