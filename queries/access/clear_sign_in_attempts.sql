-- Forget the failed attempts of one user name: after a successful sign-in or a password reset.
-- Parameters: $username_key (varchar).
delete from sign_in_attempts where username_key = $username_key
