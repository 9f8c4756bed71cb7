-- Codes of the source documents already stored, for validating references.
select code from documents
