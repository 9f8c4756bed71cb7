-- The units that send a monthly return: communes and wards, and the agencies that report an indicator or lead
-- a task themselves; with their kind, for the template picker.
select u.code, u.name, u.kind
from units as u
where
    u.kind in ('commune', 'ward')
    or u.code in (select reporter_code from indicators)
    or u.code in (select unit_code from task_agencies where role = 'lead')
    and u.kind in ('agency', 'enterprise')
order by (u.kind in ('commune', 'ward')), u.name
