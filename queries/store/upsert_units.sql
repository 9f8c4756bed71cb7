-- Insert or replace units (province, communes, agencies) from the registered frame `incoming`.
-- Parameters: $upload_id (integer).
insert or replace into units (code, name, kind, parent_code, lat, lon, area_km2, note, upload_id)
select
    code, name, kind, parent_code,
    cast(lat as double), cast(lon as double), cast(area_km2 as double), note, $upload_id
from incoming
