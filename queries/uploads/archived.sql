-- Every upload with the name, checksum and size of its file, and where the archive keeps it (NULL for uploads
-- recorded before files were archived), for the check of the archive against the uploads.
select id, file_name, sha256, size_bytes, archive_path from uploads order by id
