-- Every account, without its password hash.
select username, full_name, role, unit_code, active, created_at, created_by
from users
order by role, username
