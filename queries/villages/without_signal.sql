-- Villages on record with their commune, coverage, deadline and source; those without mobile broadband first.
select
    v.code,
    v.name,
    v.name_ocr,
    v.name_certain,
    v.commune_code,
    c.name as commune_name,
    v.mobile,
    v.fibre,
    v.grid_power,
    v.close_by,
    v.close_by_text,
    v.lat,
    v.lon,
    v.coords_exact,
    v.source_doc,
    v.source_ref,
    v.note,
    v.reported_period,
    v.report_note
from current_villages as v
left join units as c on c.code = v.commune_code
order by (v.mobile in ('none', 'patchy')) desc, v.close_by, v.code
