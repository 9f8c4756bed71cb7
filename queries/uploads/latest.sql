-- When the data last changed and whose return it was, for the footer of every page (no file or user names).
select up.uploaded_at, up.kind, un.name as unit_name
from uploads as up
left join units as un on un.code = up.unit_code
where up.status = 'active'
order by up.id desc
limit 1
