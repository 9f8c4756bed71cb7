-- The province's indicators mapped to the national indicator sets (the Government Programme of Resolution 03/NQ-CP,
-- the provincial DTI, the PII; nq57.national): one row per indicator and set, from the sheet "Chỉ tiêu quốc gia" of
-- a baseline or an administrator's load. Rows are never replaced: the mapping in force is the sheet of the newest
-- active upload that brought one (queries/national/mapping.sql), so rolling that upload back brings back the one
-- before it. "if not exists": tests that import today's baseline into an older schema create it by hand first.
create table if not exists national_map (
    indicator_code varchar not null,
    set_code varchar not null,          -- NQ03 | DTI | PII
    national_code varchar not null,     -- '23.4'; a DTI or PII pillar's name where no code is published
    national_name varchar not null,
    relation varchar not null,          -- same | part | proxy
    source varchar not null,
    note varchar,
    upload_id integer not null,
    sheet varchar,
    row_number integer
);
