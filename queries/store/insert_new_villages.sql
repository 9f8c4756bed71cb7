-- Register villages a commune adds in its return (no code yet), placed at the commune's label point. The name is as
-- the commune wrote it, not restored from an OCR: certain.
-- Parameters: $upload_id (integer), $sheet (varchar).
insert into villages (
    code, name, name_certain, commune_code, mobile, fibre, grid_power, lat, lon, coords_exact, note, upload_id, sheet,
    row_number
)
select
    code, name, true, commune_code, mobile, cast(fibre as boolean), cast(grid_power as boolean),
    cast(lat as double), cast(lon as double), false, note, $upload_id, $sheet, cast(_row as integer)
from incoming
