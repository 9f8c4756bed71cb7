"""Reading a report draft back as a reader of the .docx sees it: paragraphs, tables, headers; and numbers in text."""

import io
import re
import zipfile

from docx import Document

NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")


def read(data: bytes):
    return Document(io.BytesIO(data))


def paragraphs(data: bytes) -> list[str]:
    """The body's paragraphs outside tables, in order, empty ones left out."""
    return [p.text for p in read(data).paragraphs if p.text.strip()]


def tables(data: bytes) -> list[list[list[str]]]:
    """Every table of the body: rows of cell texts (a merged group row repeats its text in each merged cell)."""
    return [[[c.text for c in row.cells] for row in t.rows] for t in read(data).tables]


def appendix_rows(data: bytes, third_header: str) -> list[list[str]]:
    """The data rows (not group headings) of the appendix table whose third header is given ('Nhiệm vụ' for the
    tasks, 'Chỉ tiêu' for the indicators)."""
    for table in tables(data):
        if table[0][:3] == ["STT", "Mã", third_header]:
            return [row for row in table[1:] if row[0].strip() and row[0] != row[-1]]
    raise AssertionError(f"no appendix table headed {third_header!r}")


def header_texts(data: bytes) -> list[str]:
    """The text of every page header part of the document (each section's, the first page's included)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/header\d+\.xml", n)]
        return [re.sub(r"<[^>]+>", "", z.read(n).decode()) for n in parts]


def xml(data: bytes, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(part).decode()


def numbers(text: str) -> list[str]:
    """The numbers of a text as written (137/240, 9,6, 16/4/2026, 1.234)."""
    return NUMBER.findall(text)


def field_instructions(data: bytes) -> list[str]:
    """The instruction of every field in every part of the document (PAGE, DATE, DDEAUTO …), simple or complex."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        text = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    return re.findall(r'w:instr="([^"]*)"', text) + re.findall(r"<w:instrText[^>]*>([^<]*)<", text)
