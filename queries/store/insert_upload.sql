-- Record one accepted file; returns its new id.
-- Parameters: $file_name, $sha256, $size_bytes, $kind, $unit_code, $period, $uploaded_by, $uploaded_at,
-- $row_counts (JSON), $archive_path.
insert into uploads (
    file_name, sha256, size_bytes, kind, unit_code, period, uploaded_by, uploaded_at, row_counts, archive_path
)
values (
    $file_name, $sha256, $size_bytes, $kind, $unit_code, $period, $uploaded_by, $uploaded_at, $row_counts, $archive_path
)
returning id
