-- Every task with its agencies, deadline and its latest update reported by a day, with where that update came from.
-- Parameters: $as_of (date).
with updates as (
    select * exclude (rn)
    from (
        select
            t.*,
            u.file_name,
            u.uploaded_by,
            u.uploaded_at,
            row_number() over (partition by t.task_code order by t.report_date desc, t.upload_id desc, t.id desc) as rn
        from task_updates as t
        inner join uploads as u on u.id = t.upload_id
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
    u.status,
    u.completed_on,
    u.progress,
    u.report_date,
    u.note as update_note,
    u.file_name as update_file,
    u.uploaded_by as update_by,
    u.sheet as update_sheet,
    u.row_number as update_row
from tasks as t
left join agencies as a on a.task_code = t.code
left join updates as u on u.task_code = t.code
order by t.plan desc, t.seq
