-- Add villages from the registered frame `incoming` (store/delete_replaced_villages has removed those it replaces).
-- Parameters: $upload_id (integer), $sheet (varchar).
insert into villages (
    code, name, name_ocr, name_certain, commune_code, mobile, fibre, grid_power, close_by, close_by_text,
    lat, lon, coords_exact, source_doc, source_ref, note, upload_id, sheet, row_number
)
select
    code, name, name_ocr, cast(name_certain as boolean), commune_code, mobile,
    cast(fibre as boolean), cast(grid_power as boolean), cast(close_by as date), close_by_text,
    cast(lat as double), cast(lon as double), cast(coords_exact as boolean), source_doc, source_ref, note,
    $upload_id, $sheet, cast(_row as integer)
from incoming
