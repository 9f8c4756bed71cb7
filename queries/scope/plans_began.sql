-- The earliest source document: no return is taken for a month that ended before it was issued.
select code, issued_on
from documents
order by issued_on, code
limit 1
