-- Remove the group memberships of the units in the registered frame `incoming` before they are written again.
delete from unit_groups
where unit_code in (select unit_code from incoming)
