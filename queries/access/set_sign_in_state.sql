-- After a sign-in attempt: the count of failures in a row and until when the account must wait.
-- Parameters: $username (varchar), $failed_count (integer), $locked_until (timestamp or null).
update users set failed_count = $failed_count, locked_until = $locked_until where username = $username
