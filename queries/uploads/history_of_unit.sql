-- The files one unit has loaded, newest first: what a clerk sees of the history. Other units' files are not listed,
-- and the people who loaded or rolled back a file appear by full name, never by their user name.
-- Parameters: $unit_code (varchar).
select
    up.id,
    up.file_name,
    up.kind,
    up.unit_code,
    un.name as unit_name,
    up.period,
    coalesce(loader.full_name, 'Hệ thống') as uploaded_by,
    up.uploaded_at,
    up.sha256,
    up.size_bytes,
    up.row_counts,
    up.status,
    up.rolled_back_at,
    case when up.rolled_back_by is not null then coalesce(undoer.full_name, 'Quản trị viên') end as rolled_back_by
from uploads as up
left join units as un on un.code = up.unit_code
left join users as loader on loader.username = up.uploaded_by
left join users as undoer on undoer.username = up.rolled_back_by
where up.unit_code = $unit_code
order by up.id desc
