-- Remove the agency links of the tasks in the registered frame `incoming` before they are written again.
delete from task_agencies
where task_code in (select task_code from incoming)
