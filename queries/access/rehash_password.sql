-- The same password stored again with the current scrypt parameters, unless the hash changed meanwhile (a reset).
-- Parameters: $username, $old_hash, $password_hash (varchar).
update users set password_hash = $password_hash where username = $username and password_hash = $old_hash
