-- The order of the indicator groups I–X of appendix 02 (32-KH/TU), then any other: one definition for every list of
-- indicators (the catalogue, a unit's template, the reporting duties).
create macro group_order(group_code) as
    coalesce(list_position(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'], group_code), 99);
