-- One row per indicator: who sends the province's figure and whether each commune and ward sends its own, for the
-- administrator's list of reporting duties. Parameters: none.
with communes as (
    select count(*) as n from units where kind in ('commune', 'ward')
)

select
    i.code as indicator_code,
    i.name as indicator_name,
    i.level,
    i.frequency,
    i.reporter_code,
    r.name as reporter_name,
    case when i.level = 'commune' then (select n from communes) else 0 end as n_communes
from indicators as i
left join units as r on r.code = i.reporter_code
order by
    case i.group_code
        when 'I' then 1 when 'II' then 2 when 'III' then 3 when 'IV' then 4 when 'V' then 5
        when 'VI' then 6 when 'VII' then 7 when 'VIII' then 8 when 'IX' then 9 when 'X' then 10 else 99
    end,
    i.sort_order,
    i.code
