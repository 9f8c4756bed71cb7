-- Every task with its deadline and the latest progress reported for the template's month or before, in the order of
-- the plans that assign them; a unit's template keeps the tasks it leads (store/unit_tasks). A later month's report
-- is not carried back into an earlier month's template (its completion date would fall after that month).
-- Parameters: $month (varchar, YYYY-MM), $as_of (date): the month of the template and its last day.
with latest as (
    select * exclude (rn)
    from (
        select
            t.*,
            row_number() over (partition by t.task_code order by t.report_date desc, t.upload_id desc, t.id desc) as rn
        from task_updates as t
        inner join uploads as u on u.id = t.upload_id
        where u.status = 'active' and coalesce(t.period <= $month, t.report_date <= $as_of)
    )
    where rn = 1
)

select
    t.code,
    t.name,
    t.lead_text,
    t.deadline_text,
    t.deadline,
    t.recurring,
    c.status,
    c.completed_on,
    c.progress,
    c.period as reported_period,
    c.report_date
from tasks as t
left join documents as d on d.code = t.plan
left join latest as c on c.task_code = t.code
order by d.issued_on, t.plan, t.seq, t.code
