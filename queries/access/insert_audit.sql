-- One entry of the audit log (append-only).
-- Parameters: $at (timestamp), $actor, $action, $target, $detail, $file_name, $sha256, $os_user (varchar; os_user is
-- the operating-system user of a command-line write, null for the app's).
insert into audit_log (logged_at, actor, action, target, detail, file_name, sha256, os_user)
values ($at, $actor, $action, $target, $detail, $file_name, $sha256, $os_user)
