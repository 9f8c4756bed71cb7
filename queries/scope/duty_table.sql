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
    group_order(i.group_code),
    i.sort_order,
    i.code
