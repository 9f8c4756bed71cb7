-- Codes, kinds and label points of the units already stored, for validating references.
select code, kind, lat, lon from units
