-- Record an attempt as a failure before its password is checked: the count in a row and until when to wait.
-- Parameters: $username_key (varchar), $failed_count (integer), $locked_until (timestamp or null), $at (timestamp).
insert into sign_in_attempts (username_key, failed_count, locked_until, last_attempt_at)
values ($username_key, $failed_count, $locked_until, $at)
on conflict (username_key) do update set
    failed_count = excluded.failed_count,
    locked_until = excluded.locked_until,
    last_attempt_at = excluded.last_attempt_at
