-- Whether an account has this user name, letters in any case (two names differing only in case are refused).
-- Parameters: $username (varchar).
select count(*) as n from users where lower(username) = lower($username)
