-- One account by user name (exactly as stored), with its password hash: for sign-in and the acting account.
-- Parameters: $username (varchar).
select username, full_name, role, unit_code, password_hash, active, session_epoch
from users
where username = $username
