-- The failed sign-in attempts in a row for one user name, known or not: none, or one row.
-- Parameters: $username_key (varchar: the name trimmed and lower-cased).
select failed_count, locked_until, last_attempt_at
from sign_in_attempts
where username_key = $username_key
