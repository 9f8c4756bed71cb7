-- Sign-in that holds under parallel attempts, accounts whose sessions can be ended, and who ran a command-line write.

-- Failed sign-in attempts in a row per user name, whether an account has that name or not (nq57.access counts each
-- attempt here, under the write lock, before its password is hashed). Keyed by the name trimmed and lower-cased.
create table sign_in_attempts (
    username_key varchar primary key,
    failed_count integer not null,
    locked_until timestamp,             -- no attempt is checked before this
    last_attempt_at timestamp not null  -- a name quiet for a day starts again from nothing
);

insert into sign_in_attempts
select lower(trim(username)), max(failed_count), max(locked_until), coalesce(max(locked_until), current_timestamp::timestamp)
from users
where failed_count > 0
group by lower(trim(username));

-- The counts moved above; users no longer keep them.
alter table users drop column failed_count;
alter table users drop column locked_until;

-- Raised when the password is changed or reset, or the account stopped: a session signed in at an older value ends.
alter table users add column session_epoch integer not null default 0;

-- The operating-system user who ran a command-line write (beside the account named by --as); empty for the app's.
alter table audit_log add column os_user varchar;
