"""A workbook saved again by LibreOffice Calc, as a clerk who fills a template in LibreOffice sends it: LibreOffice
rewrites the whole file its own way (shared strings, its styles, its own XML), which the reader must take as well."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

FILTER = "xlsx:Calc MS Excel 2007 XML"


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        # CI installs LibreOffice (.ci/run), so a missing one there is a broken build, not a reason to skip.
        if os.environ.get("CI"):
            pytest.fail("soffice (LibreOffice) is missing on CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def resave(data: bytes, workdir: Path) -> bytes:
    """The workbook opened and saved as .xlsx by LibreOffice (headless, with a profile of its own)."""
    return convert(data, "filled.xlsx", FILTER, workdir)


def to_pdf(docx: bytes, workdir: Path) -> bytes:
    """A Word document opened by LibreOffice Writer and exported as PDF, as an office prints it."""
    return convert(docx, "draft.docx", "pdf", workdir, "draft.pdf")


def convert(data: bytes, name: str, target: str, workdir: Path, result: str | None = None) -> bytes:
    """A file converted by LibreOffice (headless, with a profile of its own): the bytes of what it wrote."""
    workdir.mkdir(parents=True, exist_ok=True)
    source, out = workdir / name, workdir / "saved"
    source.write_bytes(data)
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (out / (result or name)).read_bytes()
