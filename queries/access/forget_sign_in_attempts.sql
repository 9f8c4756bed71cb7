-- Forget user names with no attempt since a time (a day ago) and no wait still running, so the table stays small.
-- Parameters: $before (timestamp).
delete from sign_in_attempts
where last_attempt_at < $before and (locked_until is null or locked_until < $before)
