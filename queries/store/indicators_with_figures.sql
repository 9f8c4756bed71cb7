-- Which of the given indicators already have stored figures (only those can jump from a month before).
-- Parameters: $codes (varchar[]).
select distinct indicator_code
from observations
where list_contains($codes, indicator_code)
