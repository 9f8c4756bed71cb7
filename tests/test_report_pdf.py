"""The report draft as an office prints it: LibreOffice Writer opens the .docx and exports a PDF, whose pages are read
and drawn here (PDFium reads the text and draws the pixels). Set NQ57_REPORT_PAGES=dir to keep the pages as PNG files
for a person to look at."""

import datetime as dt
import os
from pathlib import Path

import pypdfium2
import pytest

from nq57 import paths, report, sample, store
from nq57.importer import import_workbook
from nq57.report import word
from tests.office import soffice, to_pdf

NOW = dt.datetime(2026, 12, 6, 9, 30)


def pages(pdf: bytes, keep: str | None) -> list[tuple[float, float, str, float]]:
    """(width, height in points, text, share of the page that is ink) of every page, drawn at 60 dpi."""
    out = []
    document = pypdfium2.PdfDocument(pdf)
    for i, page in enumerate(document, start=1):
        image = page.render(scale=60 / 72).to_pil().convert("L")
        ink = image.histogram()[:128]
        ink = sum(ink) / (image.width * image.height)
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            page.render(scale=1.5).to_pil().save(Path(keep) / f"page-{i:02d}.png")
        text = " ".join(page.get_textpage().get_text_range().split())  # lines joined: a cell's text wraps
        out.append((page.get_width(), page.get_height(), text, ink))
    return out


@pytest.mark.parametrize("with_sample", [False, True], ids=["baseline", "sample"])
def test_the_draft_prints_as_a_document_with_its_appendices_as_tables(with_sample, tmp_path):
    soffice()
    con = store.connect(":memory:")
    import_workbook(con, paths.BASELINE_XLSX.read_bytes(), paths.BASELINE_XLSX.name, "baseline")
    if with_sample:
        import_workbook(con, sample.workbook(dt.date(2026, 11, 30), 2), sample.FILE_NAME, "admin")
    code = "2026-Q3" if with_sample else "2026-Q1"
    docx = report.draft(con.cursor(), code, NOW)
    con.close()
    keep = os.environ.get("NQ57_REPORT_PAGES")
    printed = pages(to_pdf(docx, tmp_path), f"{keep}/{code}" if keep else None)
    assert len(printed) >= 6
    first = printed[0]
    assert first[0] < first[1]  # A4 upright: 595 × 842 points
    assert abs(first[0] - 595) < 2 and abs(first[1] - 842) < 2
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first[2] and "BÁO CÁO" in first[2] and "-BC/CQTTBCD" in first[2]
    text = "\n".join(p[2] for p in printed)
    for heading in (
        "I. KẾT QUẢ THỰC HIỆN",
        "II. TỒN TẠI, HẠN CHẾ",
        "III. NHIỆM VỤ TRỌNG TÂM",
        "T/M CƠ QUAN THƯỜNG TRỰC",
    ):
        assert heading in text
    appendices = [i for i, p in enumerate(printed) if "PHỤ LỤC 0" in p[2] and "(Kèm theo Báo cáo" in p[2]]
    assert len(appendices) == 2
    assert all(p[0] > p[1] for p in printed[appendices[0] :])  # the appendices are on landscape pages
    assert "Cơ quan chủ trì" in printed[appendices[0]][2] and "Đơn vị báo cáo" in printed[appendices[1]][2]
    assert all(p[3] > 0.002 for p in printed), [round(p[3], 4) for p in printed]  # no page with only its header
    marked = [word.SAMPLE.split(":")[0] in p[2] for p in printed]
    assert all(marked) if with_sample else not any(marked)
    if not with_sample:
        assert "137/240" in text and "9,6%" in text
