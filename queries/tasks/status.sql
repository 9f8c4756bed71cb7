-- Every task with its agencies, deadline and the latest update reported by a day, with where that update came from.
-- A task of 01-TB/CQTTBCD that restates a task of 32-KH/TU shares its updates: both get the pair's latest update,
-- whichever of the two it was reported for (update_task says which), and `pair` is the code they are counted under.
-- Parameters: $as_of (date).
with pairs as (
    select code, coalesce(restates, code) as pair
    from tasks
),

updates as (
    select * exclude (rn)
    from (
        select
            t.*,
            p.pair,
            u.file_name,
            u.uploaded_by,
            u.uploaded_at,
            row_number() over (partition by p.pair order by t.report_date desc, t.upload_id desc, t.id desc) as rn
        from task_updates as t
        inner join uploads as u on u.id = t.upload_id
        inner join pairs as p on p.code = t.task_code
        where u.status = 'active' and t.report_date <= $as_of
    )
    where rn = 1
),

agencies as (
    select
        ta.task_code,
        string_agg(un.name, '; ' order by un.name) filter (where ta.role = 'lead') as lead_names,
        string_agg(un.name, '; ' order by un.name) filter (where ta.role = 'partner') as partner_names
    from task_agencies as ta
    inner join units as un on un.code = ta.unit_code
    group by ta.task_code
),

linked as (
    select restates as code, string_agg(code, '; ' order by code) as restated_by
    from tasks
    where restates is not null
    group by restates
)

select
    t.code,
    t.plan,
    t.group_code,
    t.group_name,
    t.seq,
    t.name,
    coalesce(a.lead_names, t.lead_text) as lead,
    coalesce(a.partner_names, t.partner_text) as partners,
    t.product,
    t.deadline_text,
    t.deadline,
    t.recurring,
    t.source_ref,
    t.restates,
    l.restated_by,
    p.pair,
    u.status,
    u.completed_on,
    u.progress,
    u.report_date,
    u.period as update_period,
    u.task_code as update_task,
    u.note as update_note,
    u.file_name as update_file,
    u.uploaded_by as update_by,
    u.sheet as update_sheet,
    u.row_number as update_row
from tasks as t
inner join pairs as p on p.code = t.code
left join agencies as a on a.task_code = t.code
left join linked as l on l.code = t.code
left join updates as u on u.pair = p.pair
order by t.plan desc, t.seq
