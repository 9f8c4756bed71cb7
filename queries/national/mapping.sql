-- The mapping of the province's indicators to the national sets in force: the rows of the "Chỉ tiêu quốc gia" sheet
-- of the newest active upload that brought one (a later sheet replaces the whole mapping; rolling it back brings
-- the one before it back), in sheet order. nq57.national.mapping names the sets and relations and orders them.
-- Parameters: none.
with latest as (
    select max(m.upload_id) as upload_id
    from national_map as m
    inner join uploads as u on m.upload_id = u.id
    where u.status = 'active'
)

select
    m.indicator_code,
    m.set_code,
    m.national_code,
    m.national_name,
    m.relation,
    m.source,
    m.note,
    m.upload_id,
    m.row_number
from national_map as m
inner join latest as l on m.upload_id = l.upload_id
order by m.row_number
