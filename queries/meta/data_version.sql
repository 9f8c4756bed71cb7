-- A token that changes whenever an upload is committed or rolled back, an account is made or a month (un)locked:
-- every such write appends to the audit log, so its last id is part of the key of the result cache.
select
    (select coalesce(max(id), 0) from uploads) as last_upload_id,
    (select count(*) from uploads where status = 'active') as active_uploads,
    (select coalesce(max(id), 0) from audit_log where action not in ('sign_in', 'sign_in_failed')) as last_write
