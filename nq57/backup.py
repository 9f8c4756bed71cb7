"""Backups: a consistent copy of the database file and the archive of uploaded files, and bringing one back.

A backup is a folder named by its time under <database folder>/backups/: the database file (and its write-ahead
log, if a checkpoint was postponed) copied while the process's write lock is held, so no commit can run during the
copy, then the archive of uploaded files (which are never changed once written). It is written as a .part folder and
renamed when complete, so a half-written backup never looks like a backup. The newest `keep` are kept.
"""

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd

from nq57 import access, store

DB_NAME = "nq57.duckdb"
ARCHIVE_NAME = "uploads"
_FOLDER = re.compile(r"^\d{8}-\d{6}(-\d+)?$")


class RestoreRefused(Exception):
    """The backup cannot be brought back now; the message says why, in Vietnamese."""


def default_dir(db: Path) -> Path:
    return Path(db).parent / "backups"


def backups(backups_dir: Path) -> list[Path]:
    """The complete backups in a folder, oldest first."""
    if not backups_dir.is_dir():
        return []
    return sorted(p for p in backups_dir.iterdir() if p.is_dir() and _FOLDER.match(p.name))


def listing(backups_dir: Path) -> pd.DataFrame:
    """The backups in a folder, newest first, with their size in megabytes."""
    made = list(reversed(backups(backups_dir)))
    return pd.DataFrame(
        {
            "Bản sao lưu": [p.name for p in made],
            "Dung lượng (MB)": [
                round(sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) / 1e6, 1) for p in made
            ],
        }
    )


def backup(
    con: duckdb.DuckDBPyConnection,
    db: Path,
    archive_dir: Path,
    backups_dir: Path,
    keep: int = 7,
    now: dt.datetime | None = None,
) -> Path:
    """Copy the database behind `con` (the file `db`) and the archive into a new timestamped folder; keep the newest
    `keep` backups. Works while the app serves readers: only writers wait, for the time of the file copy."""
    if keep < 1:
        raise ValueError("cần giữ ít nhất một bản sao lưu")
    name = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = backups_dir / name
    n = 1
    while target.exists():
        n += 1
        target = backups_dir / f"{name}-{n}"
    part = target.with_name(target.name + ".part")
    shutil.rmtree(part, ignore_errors=True)
    part.mkdir(parents=True)
    try:
        with store.WRITE_LOCK:
            store.checkpoint(con)
            shutil.copy2(db, part / DB_NAME)
            wal = Path(f"{db}.wal")
            if wal.exists() and wal.stat().st_size:
                shutil.copy2(wal, part / f"{DB_NAME}.wal")
        # Archived files are written before their upload's transaction and never change, so every file the copied
        # database names is already there.
        if archive_dir.is_dir():
            shutil.copytree(archive_dir, part / ARCHIVE_NAME, ignore=shutil.ignore_patterns("*.part"))
        else:
            (part / ARCHIVE_NAME).mkdir()
        os.replace(part, target)
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise
    for old in backups(backups_dir)[:-keep]:
        shutil.rmtree(old)
    return target


def backup_as(
    con: duckdb.DuckDBPyConnection, db: Path, user: access.User | None, backups_dir: Path | None = None, keep: int = 7
) -> Path:
    """A backup made by an administrator (refused to anyone else) and recorded in the audit log."""
    access.require(user, access.ADMIN)
    archive_dir = Path(db).parent / "uploads"
    folder = backup(con, Path(db), archive_dir, backups_dir or default_dir(Path(db)), keep)
    cur = con.cursor()
    try:
        with store.transaction(cur):
            access.audit(cur, user.username, "backup", str(folder), {"keep": keep})
    finally:
        cur.close()
    return folder


def ensure_closed(db: Path) -> None:
    """Refuse while another process (the app) has the database open: DuckDB lets one process open the file."""
    if not db.exists():
        return
    try:
        duckdb.connect(str(db)).close()
    except duckdb.IOException as exc:
        raise RestoreRefused(
            f"Cơ sở dữ liệu {db} đang được mở bởi một tiến trình khác (ứng dụng?). "
            "Hãy dừng ứng dụng rồi khôi phục lại; không có gì bị thay đổi."
        ) from exc


def restore(source: Path, db: Path, archive_dir: Path, now: dt.datetime | None = None) -> Path | None:
    """Bring back a backup folder: the database file and the archive. What they replace is kept beside them with the
    suffix .before-restore-<time> (returned: the database kept, or None if there was none)."""
    source = Path(source)
    if not (source / DB_NAME).is_file() or not (source / ARCHIVE_NAME).is_dir():
        raise RestoreRefused(f"{source} không phải một bản sao lưu (cần tệp {DB_NAME} và thư mục {ARCHIVE_NAME}).")
    if source.resolve() == db.parent.resolve():
        raise RestoreRefused(f"{source} là thư mục của chính cơ sở dữ liệu đang dùng, không phải một bản sao lưu.")
    ensure_closed(db)
    if not (source / f"{DB_NAME}.wal").exists():  # the copy must open before it replaces anything
        try:
            check = duckdb.connect(str(source / DB_NAME), read_only=True)
            check.execute("select count(*) from uploads").fetchall()
            check.close()
        except duckdb.Error as exc:
            raise RestoreRefused(f"Bản sao lưu {source} không mở được ({exc}); không có gì bị thay đổi.") from exc
    suffix = ".before-restore-" + (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    db.parent.mkdir(parents=True, exist_ok=True)
    incoming = db.with_name(db.name + ".restoring")
    shutil.copy2(source / DB_NAME, incoming)
    kept = None
    if db.exists():
        kept = db.with_name(db.name + suffix)
        os.replace(db, kept)
    wal = Path(f"{db}.wal")
    if wal.exists():  # a log of the replaced file must never be replayed onto the restored one
        os.replace(wal, Path(f"{db}{suffix}.wal"))
    if (source / f"{DB_NAME}.wal").exists():
        shutil.copy2(source / f"{DB_NAME}.wal", wal)
    os.replace(incoming, db)
    if archive_dir.exists():
        os.replace(archive_dir, archive_dir.with_name(archive_dir.name + suffix))
    shutil.copytree(source / ARCHIVE_NAME, archive_dir)
    return kept
