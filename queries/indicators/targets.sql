-- The targets of one indicator over time, with the document that set each.
-- Parameters: $indicator_code (varchar).
select
    t.comparator,
    t.target_value,
    t.deadline,
    t.deadline_text,
    t.source_doc,
    d.issued_on as source_issued_on,
    t.source_ref,
    t.wording,
    t.note
from targets as t
left join documents as d on d.code = t.source_doc
where t.indicator_code = $indicator_code
order by t.deadline, t.source_doc
