-- Reporting duties: which unit sends which indicator, for which unit's figure. A monthly return may carry only the
-- rows of its unit's duties (nq57.scope), and a unit's template lists exactly those rows (returns/template_indicators).
-- Derived from the catalogue, so it changes with it:
--   * every indicator with a reporter: that unit sends the province's figure;
--   * a commune-level indicator: each commune and ward also sends its own figure.
-- A provincial figure summed from communes (board/series) is summed only from commune-level indicators.
create view reporting_duties as
select
    i.code as indicator_code,
    i.level,
    i.reporter_code,
    p.code as unit_code
from indicators as i
inner join units as p on p.kind = 'province'
where i.reporter_code is not null

union all

select
    i.code as indicator_code,
    i.level,
    c.code as reporter_code,
    c.code as unit_code
from indicators as i
inner join units as c on c.kind in ('commune', 'ward')
where i.level = 'commune';
