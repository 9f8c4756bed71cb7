-- The audit log, newest first.
select id, logged_at, actor, os_user, action, target, detail, file_name, sha256
from audit_log
order by id desc
