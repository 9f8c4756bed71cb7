-- The villages on record (from active uploads) with their commune, for validating a return.
select code, commune_code from current_villages
