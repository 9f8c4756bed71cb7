-- Every village on record as it stands: coverage, fibre, grid power and the deadline, with where each came from
-- (the register row's document, file, sheet and row; the latest monthly return's file, sheet and row).
with latest as (
    select * exclude (rn)
    from (
        select
            r.*,
            u.file_name,
            u.kind as upload_kind,
            row_number() over (partition by r.village_code order by r.period desc, r.upload_id desc, r.id desc) as rn
        from village_reports as r
        inner join uploads as u on u.id = r.upload_id
        where u.status = 'active'
    )
    where rn = 1
)

select
    v.code,
    v.name,
    v.name_ocr,
    v.name_certain,
    v.commune_code,
    c.name as commune_name,
    coalesce(l.mobile, v.mobile) as mobile,
    coalesce(l.fibre, v.fibre) as fibre,
    coalesce(l.grid_power, v.grid_power) as grid_power,
    v.close_by,
    v.close_by_text,
    v.lat,
    v.lon,
    v.coords_exact,
    v.source_doc,
    v.source_ref,
    d.issued_on as source_issued_on,
    v.note,
    u.file_name as register_file,
    u.kind as register_kind,
    v.sheet as register_sheet,
    v.row_number as register_row,
    l.period as reported_period,
    l.note as report_note,
    l.file_name as report_file,
    l.upload_kind as report_kind,
    l.sheet as report_sheet,
    l.row_number as report_row
from villages as v
inner join uploads as u on u.id = v.upload_id
left join units as c on c.code = v.commune_code
left join documents as d on d.code = v.source_doc
left join latest as l on l.village_code = v.code
where u.status = 'active'
order by (coalesce(l.mobile, v.mobile) in ('none', 'patchy')) desc, v.close_by, v.code
