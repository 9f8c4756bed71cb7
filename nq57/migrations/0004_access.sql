-- Who may do what: accounts with hashed passwords and roles, and an append-only audit log of every write.
create table users (
    username varchar primary key,
    full_name varchar not null,
    role varchar not null,              -- leader | clerk | admin
    unit_code varchar,                  -- a clerk's unit (department or commune)
    password_hash varchar,              -- scrypt; null for accounts that sign in only through single sign-on
    active boolean not null default true,
    failed_count integer not null default 0,
    locked_until timestamp,
    created_at timestamp not null,
    created_by varchar not null
);

create sequence audit_id_seq start 1;

-- Rows are only ever inserted (nq57.access.audit); no statement in queries/ updates or deletes them.
create table audit_log (
    id integer primary key default nextval('audit_id_seq'),
    logged_at timestamp not null,
    actor varchar not null,
    action varchar not null,            -- sign_in | sign_in_failed | upload | rollback | lock | unlock | user | target
    target varchar,
    detail varchar,
    file_name varchar,
    sha256 varchar
);
