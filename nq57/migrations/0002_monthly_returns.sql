-- Monthly returns: who reports what, village and task history, rollback, period locks, and "current" views.
alter table uploads add column rolled_back_at timestamp;
alter table uploads add column rolled_back_by varchar;
alter table uploads add column archive_path varchar;

-- The unit that reports a province-level figure, and the month-on-month change that makes a value questioned.
alter table indicators add column reporter_code varchar;
alter table indicators add column jump_bound double;

alter table task_updates add column period varchar;

-- Membership of the collective groups the documents assign tasks to ("các sở, ban, ngành", "đảng ủy các xã").
create table unit_groups (
    unit_code varchar not null,
    group_code varchar not null,
    primary key (unit_code, group_code)
);

create sequence village_report_id_seq start 1;

-- What a commune reported about a village in a month; the register's current state is the latest of these.
create table village_reports (
    id integer primary key default nextval('village_report_id_seq'),
    village_code varchar not null,
    period varchar not null,
    mobile varchar not null,
    fibre boolean,
    grid_power boolean,
    note varchar,
    upload_id integer not null,
    sheet varchar,
    row_number integer
);

create table period_locks (
    period varchar primary key,
    locked_at timestamp not null,
    locked_by varchar not null,
    reason varchar
);

-- Rows of rolled-back uploads stay in their tables (history) but drop out of everything the pages show.
create view current_observations as
select * exclude (rn)
from (
    select
        o.*,
        row_number() over (
            partition by o.indicator_code, o.unit_code, o.period order by o.upload_id desc, o.id desc
        ) as rn
    from observations as o
    inner join uploads as u on u.id = o.upload_id
    where u.status = 'active'
)
where rn = 1;

create view current_task_updates as
select * exclude (rn)
from (
    select
        t.*,
        row_number() over (partition by t.task_code order by t.report_date desc, t.upload_id desc, t.id desc) as rn
    from task_updates as t
    inner join uploads as u on u.id = t.upload_id
    where u.status = 'active'
)
where rn = 1;

create view current_villages as
with latest as (
    select * exclude (rn)
    from (
        select
            r.*,
            row_number() over (partition by r.village_code order by r.period desc, r.upload_id desc, r.id desc) as rn
        from village_reports as r
        inner join uploads as u on u.id = r.upload_id
        where u.status = 'active'
    )
    where rn = 1
)

select
    v.* exclude (mobile, fibre, grid_power),
    coalesce(l.mobile, v.mobile) as mobile,
    coalesce(l.fibre, v.fibre) as fibre,
    coalesce(l.grid_power, v.grid_power) as grid_power,
    l.period as reported_period,
    l.upload_id as report_upload_id,
    l.note as report_note
from villages as v
inner join uploads as u on u.id = v.upload_id
left join latest as l on l.village_code = v.code
where u.status = 'active';
