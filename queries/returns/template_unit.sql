-- One unit with its name and kind, to build its monthly return template (or to say why it has none).
-- Parameters: $unit_code (varchar).
select code, name, kind
from units
where code = $unit_code
