-- Record which collective groups each unit belongs to, from the registered frame `incoming`.
insert or ignore into unit_groups (unit_code, group_code)
select unit_code, group_code
from incoming
