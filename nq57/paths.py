"""Where the project's files live; the database path can be overridden with NQ57_DB."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
BASELINE_DIR = DATA_DIR / "baseline"
BASELINE_XLSX = DATA_DIR / "nq57_baseline.xlsx"
GEO_DIR = DATA_DIR / "geo"
SOURCES_DIR = DATA_DIR / "sources"  # the text of the three source documents, as received
UPLOAD_ARCHIVE = DATA_DIR / "uploads"
DEFAULT_DB = DATA_DIR / "nq57.duckdb"


def db_path() -> Path:
    """The live database file: $NQ57_DB when set, else data/nq57.duckdb."""
    return Path(os.environ.get("NQ57_DB") or DEFAULT_DB)
