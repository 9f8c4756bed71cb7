-- One account by user name.
-- Parameters: $username (varchar).
select username, full_name, role, unit_code, password_hash, active, failed_count, locked_until
from users
where username = $username
