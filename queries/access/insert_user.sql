-- A new account.
-- Parameters: $username, $full_name, $role, $unit_code, $password_hash (varchar), $at (timestamp), $by (varchar).
insert into users (username, full_name, role, unit_code, password_hash, created_at, created_by)
values ($username, $full_name, $role, $unit_code, $password_hash, $at, $by)
