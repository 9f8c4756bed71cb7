-- How many active administrators there are.
select count(*) as n from users where role = 'admin' and active
