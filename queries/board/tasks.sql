-- Every task with its lead agency and its latest update reported by a day.
-- Parameters: $as_of (date).
with updates as (
    select * exclude (rn)
    from (
        select
            t.*,
            row_number() over (partition by t.task_code order by t.report_date desc, t.upload_id desc, t.id desc) as rn
        from task_updates as t
        inner join uploads as u on u.id = t.upload_id
        where u.status = 'active' and t.report_date <= $as_of
    )
    where rn = 1
),

leads as (
    select ta.task_code, string_agg(u.name, '; ' order by u.name) as lead_names
    from task_agencies as ta
    inner join units as u on u.code = ta.unit_code
    where ta.role = 'lead'
    group by ta.task_code
)

select
    t.code,
    t.plan,
    t.name,
    coalesce(l.lead_names, t.lead_text) as lead,
    t.deadline,
    t.deadline_text,
    t.recurring,
    u.status,
    u.completed_on,
    u.report_date
from tasks as t
left join leads as l on l.task_code = t.code
left join updates as u on u.task_code = t.code
order by t.plan desc, t.seq
