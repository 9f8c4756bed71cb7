-- The 38 communes and wards in force since 1/7/2025, with their label points.
select code, name, kind, lat, lon, area_km2
from units
where kind in ('commune', 'ward')
order by name
