-- The target that counts on a given day: the next one not yet due, else the last one that was.
-- One definition for the catalogue, the overview and the return template.
create macro next_targets(as_of) as table
select * exclude (rn)
from (
    select
        t.*,
        row_number() over (
            partition by t.indicator_code
            order by (t.deadline < as_of), case when t.deadline >= as_of then t.deadline end, t.deadline desc
        ) as rn
    from targets as t
)
where rn = 1;
