-- Link tasks to their lead and partner agencies from the registered frame `incoming`.
insert or ignore into task_agencies (task_code, unit_code, role)
select task_code, unit_code, role
from incoming
