-- Source documents with their issue date, for "where this comes from" captions.
select code, title, issued_on, issuer
from documents
order by issued_on
