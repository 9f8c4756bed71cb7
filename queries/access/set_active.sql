-- Stop or reopen an account; stopping it also ends its open sessions (session_epoch goes up).
-- Parameters: $username (varchar), $active (boolean).
update users
set active = $active, session_epoch = session_epoch + case when $active then 0 else 1 end
where username = $username
