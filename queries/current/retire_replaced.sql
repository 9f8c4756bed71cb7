-- The observations a workbook is about to write (the registered frame `incoming`, validated: no key twice) become the
-- current ones of their keys (migration 0013): the upload is the newest, so its rows win every key they share with
-- older uploads (migration 0011's order: upload_id, then id), and they are written with the flag on. What stops being
-- current is the row each of them replaces: turn its flag off, in the same transaction, before they are written.
-- A semi join whose hash table is built on the incoming rows, with no distinct keys to aggregate first.
update observations as o
set is_current = false
where
    o.is_current
    and exists (
        select 1
        from incoming as k
        where k.indicator_code = o.indicator_code and k.unit_code = o.unit_code and k.period = o.period
    )
