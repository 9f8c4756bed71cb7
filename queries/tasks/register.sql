-- Every task with its plan, group, lead and partner agencies (names), product, deadline, and the task of an earlier
-- plan it restates (if any).
with agencies as (
    select
        ta.task_code,
        string_agg(u.name, '; ' order by u.name) filter (where ta.role = 'lead') as lead_names,
        string_agg(u.name, '; ' order by u.name) filter (where ta.role = 'partner') as partner_names,
        list(ta.unit_code) filter (where ta.role = 'lead') as lead_codes
    from task_agencies as ta
    inner join units as u on u.code = ta.unit_code
    group by ta.task_code
)

select
    t.code,
    t.plan,
    t.group_code,
    t.group_name,
    t.seq,
    t.name,
    t.lead_text,
    t.partner_text,
    a.lead_names,
    a.partner_names,
    a.lead_codes,
    t.product,
    t.deadline_text,
    t.deadline,
    t.recurring,
    t.source_ref,
    t.note,
    t.restates
from tasks as t
left join agencies as a on a.task_code = t.code
order by t.plan desc, t.seq
