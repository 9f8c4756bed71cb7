-- Insert or replace source documents from the registered frame `incoming`.
-- Parameters: $upload_id (integer).
insert or replace into documents (code, title, issued_on, issuer, seed_file, upload_id)
select code, title, cast(issued_on as date), issuer, seed_file, $upload_id
from incoming
