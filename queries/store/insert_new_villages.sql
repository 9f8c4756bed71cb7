-- Register villages a commune adds in its return (no code yet), placed at the commune's label point.
-- Parameters: $upload_id (integer), $sheet (varchar).
insert into villages (
    code, name, commune_code, mobile, fibre, grid_power, lat, lon, coords_exact, note, upload_id, sheet, row_number
)
select
    code, name, commune_code, mobile, cast(fibre as boolean), cast(grid_power as boolean),
    cast(lat as double), cast(lon as double), false, note, $upload_id, $sheet, cast(_row as integer)
from incoming
