-- Every task with its deadline and its latest reported progress, in the order of the plans that assign them;
-- a unit's template keeps the tasks it leads (store/unit_tasks).
-- Parameters: none.
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
left join current_task_updates as c on c.task_code = t.code
order by d.issued_on, t.plan, t.seq, t.code
