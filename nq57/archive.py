"""The archive of uploaded files, each kept as it came under its checksum, and its check against the uploads."""

import hashlib
import logging
import os
import tempfile
from pathlib import Path

import duckdb

import queries

log = logging.getLogger(__name__)


def keep(data: bytes, sha256: str, archive_dir: Path) -> Path:
    """Keep the file exactly as it came, named by its checksum; written atomically, never overwritten."""
    archive_dir.mkdir(parents=True, exist_ok=True)
    path = archive_dir / f"{sha256}.xlsx"
    if not path.exists():
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    return path


def default_archive(con: duckdb.DuckDBPyConnection) -> Path:
    """The archive beside the database file: <db folder>/uploads (a temporary folder for in-memory stores)."""
    cur = con.cursor()  # the connection itself is shared by every session of the app: never call it directly
    try:
        row = queries.execute(cur, "meta/database_path").fetchone()
    finally:
        cur.close()
    if row and row[0]:
        return Path(row[0]).parent / "uploads"
    return Path(tempfile.gettempdir()) / "nq57-uploads"


def check_archive(con: duckdb.DuckDBPyConnection, archive_dir: Path | None = None) -> list[str]:
    """Where the uploads table and the archive of uploaded files disagree, one Vietnamese sentence each (also logged).

    An upload whose file is missing or differs from its checksum is a loss to investigate; a file that belongs to
    no upload is what a commit interrupted after archiving leaves, and harmless. Uploads recorded before files were
    archived (no archive_path) are not checked.
    """
    archive_dir = archive_dir or default_archive(con)
    cur = con.cursor()
    try:
        rows = queries.execute(cur, "uploads/archived").fetchall()
    finally:
        cur.close()
    files = {p.name: p for p in archive_dir.glob("*") if p.is_file()} if archive_dir.is_dir() else {}
    problems = []
    named = set()
    for upload_id, file_name, sha256, size, archive_path in rows:
        if not archive_path:
            continue
        named.add(archive_path)
        path = files.get(archive_path)
        where = f"Lần nhập số {upload_id} (tệp “{file_name}”)"
        if path is None:
            problems.append(f"{where}: không có tệp lưu trữ {archive_path} trong {archive_dir}.")
        elif path.stat().st_size != size or hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
            problems.append(f"{where}: tệp lưu trữ {archive_path} khác tệp đã nhập (sai kích thước hoặc mã kiểm tra).")
    for name in sorted(set(files) - named):
        problems.append(
            f"Tệp {name} trong {archive_dir} không thuộc lần nhập nào "
            "(thường do một lần ghi bị ngắt; không ảnh hưởng số liệu)."
        )
    for problem in problems:
        log.warning("Lưu trữ tệp nhập: %s", problem)
    return problems
