-- The first schema: reference data, targets, observations, tasks, villages and the log of uploads.
create sequence upload_id_seq start 1;
create sequence target_id_seq start 1;
create sequence observation_id_seq start 1;
create sequence task_update_id_seq start 1;

create table uploads (
    id integer primary key default nextval('upload_id_seq'),
    file_name varchar not null,
    sha256 varchar not null,
    size_bytes bigint not null,
    kind varchar not null,              -- baseline | return
    unit_code varchar,
    period varchar,
    uploaded_by varchar not null,
    uploaded_at timestamp not null,
    row_counts varchar not null,        -- JSON object: table -> rows written
    status varchar not null default 'active'
);

create table documents (
    code varchar primary key,
    title varchar not null,
    issued_on date not null,
    issuer varchar,
    seed_file varchar,
    upload_id integer not null
);

create table units (
    code varchar primary key,
    name varchar not null,
    kind varchar not null,              -- province | commune | ward | agency | enterprise | group | central
    parent_code varchar,
    lat double,
    lon double,
    area_km2 double,
    note varchar,
    upload_id integer not null
);

create table indicators (
    code varchar primary key,
    name varchar not null,
    unit_of_measure varchar not null,
    measure varchar not null,           -- percent | count | ratio | rank | index | yesno
    direction varchar not null,         -- up | down: which way is better
    numerator varchar,
    denominator varchar,
    level varchar not null,             -- province | commune | village
    frequency varchar,
    group_code varchar not null,
    group_name varchar,
    sort_order integer,
    note varchar,
    upload_id integer not null
);

create table targets (
    id integer primary key default nextval('target_id_seq'),
    indicator_code varchar not null,
    comparator varchar not null,        -- >= | <= | =
    target_value double not null,
    deadline date not null,
    deadline_text varchar,
    source_doc varchar not null,
    source_ref varchar,
    wording varchar,
    note varchar,
    upload_id integer not null,
    sheet varchar,
    row_number integer
);

create table observations (
    id integer primary key default nextval('observation_id_seq'),
    indicator_code varchar not null,
    unit_code varchar not null,
    period varchar not null,            -- 2026-03 | 2026-Q1 | 2026
    period_start date not null,
    period_end date not null,
    value double not null,
    numerator double,
    denominator double,
    source_doc varchar,
    source_ref varchar,
    note varchar,
    upload_id integer not null,
    sheet varchar,
    row_number integer
);

create table tasks (
    code varchar primary key,
    plan varchar not null,
    group_code varchar not null,
    group_name varchar,
    seq integer,
    name varchar not null,
    lead_text varchar not null,
    partner_text varchar,
    product varchar,
    deadline_text varchar,
    deadline date,
    recurring boolean not null,
    source_ref varchar,
    note varchar,
    upload_id integer not null,
    sheet varchar,
    row_number integer
);

create table task_agencies (
    task_code varchar not null,
    unit_code varchar not null,
    role varchar not null,              -- lead | partner
    primary key (task_code, unit_code, role)
);

create table task_updates (
    id integer primary key default nextval('task_update_id_seq'),
    task_code varchar not null,
    report_date date not null,
    status varchar not null,
    completed_on date,
    progress double,
    note varchar,
    upload_id integer not null,
    sheet varchar,
    row_number integer
);

create table villages (
    code varchar primary key,
    name varchar not null,
    name_ocr varchar,
    name_certain boolean,
    commune_code varchar,
    mobile varchar not null,            -- none | patchy | 3g | 4g | 5g
    fibre boolean,
    grid_power boolean,
    close_by date,
    close_by_text varchar,
    lat double,
    lon double,
    coords_exact boolean not null,
    source_doc varchar,
    source_ref varchar,
    note varchar,
    upload_id integer not null,
    sheet varchar,
    row_number integer
);
