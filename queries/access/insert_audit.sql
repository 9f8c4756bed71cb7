-- One entry of the audit log (append-only).
-- Parameters: $at (timestamp), $actor, $action, $target, $detail, $file_name, $sha256 (varchar).
insert into audit_log (logged_at, actor, action, target, detail, file_name, sha256)
values ($at, $actor, $action, $target, $detail, $file_name, $sha256)
