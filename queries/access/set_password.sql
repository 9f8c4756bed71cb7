-- A new password hash for an account, ending its sessions signed in before (session_epoch goes up).
-- Parameters: $username (varchar), $password_hash (varchar).
update users set password_hash = $password_hash, session_epoch = session_epoch + 1 where username = $username
