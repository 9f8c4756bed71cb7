-- The file of the current database (NULL for an in-memory one), to keep the archive of uploaded files beside it.
select path from duckdb_databases() where database_name = current_database()
