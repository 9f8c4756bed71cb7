-- Codes of the tasks already stored, for validating references.
select code from tasks
