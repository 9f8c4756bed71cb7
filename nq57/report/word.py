"""The draft laid out as a Party document (Hướng dẫn 36-HD/VPTW): A4, Times New Roman, the header block of the
issuing body with its number and date left blank to fill, then the body, the recipients and the signature, and the
appendices in landscape pages with real tables (a header row repeated on every page).

Every text is written as the text of a run: python-docx escapes it, so nothing from a return becomes a field, a
formula or markup; characters XML cannot hold are dropped (`clean`). The only field is ours: the page number.
"""

import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from nq57 import fmt
from nq57.report.content import Appendix, Block, Draft, Table

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 11
APPENDIX_PT = 10.5
RED = RGBColor(0xC5, 0x30, 0x30)
GREY = RGBColor(0x4A, 0x55, 0x68)
ISSUER = ("BAN CHỈ ĐẠO TỈNH THỰC HIỆN", "NGHỊ QUYẾT SỐ 57-NQ/TW", "CƠ QUAN THƯỜNG TRỰC")
NUMBER = "Số        -BC/CQTTBCD"
PLACE_DATE = "Lai Châu, ngày      tháng      năm {year}"
RECIPIENTS = ("- Ban Chỉ đạo tỉnh (b/c),", "- Các thành viên Ban Chỉ đạo tỉnh,", "- Lưu Cơ quan Thường trực.")
SIGNATURE = ("T/M CƠ QUAN THƯỜNG TRỰC", "", "", "", "(Ký, ghi rõ họ tên)")
SAMPLE = f"{fmt.SAMPLE_MARK.upper()}: KHÔNG DÙNG ĐỂ BÁO CÁO"
DRAFT_MARK = "DỰ THẢO"
FOOTER = f"{DRAFT_MARK}: lập từ bảng điều hành NQ57, cần rà soát trước khi trình ký"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(value) -> str:
    """Text a Word document can hold: control characters (but tab and line breaks) and lone surrogates dropped."""
    return _NOT_XML.sub("", str(value))


def _run(paragraph, text: str, *, bold=False, italic=False, size=None, colour=None, underline=False):
    run = paragraph.add_run(clean(text))
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    return run


def _format(paragraph, align=None, before=0, after=0, indent=None, line=None, keep=False):
    f = paragraph.paragraph_format
    f.space_before, f.space_after = Pt(before), Pt(after)
    if align is not None:
        paragraph.alignment = align
    if indent is not None:
        f.first_line_indent = indent
    if line is not None:
        f.line_spacing = line
    if keep:
        f.keep_with_next = True
    return paragraph


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_after = Pt(0)


def _page(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Mm(297), Mm(210)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    # 36-HD/VPTW: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm (the binding edge on the left).
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = (Mm(20), Mm(15)) if landscape else (Mm(30), Mm(15))


def _page_number(paragraph) -> None:
    """Our one field: the page number, centred in the header as the guide places it."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _header(section, sample: bool) -> None:
    """The page number at the top centre from page 2 on (none on the first page, as the guide sets out); the sample
    mark on every page, the first included (every later section's header is linked to these)."""
    section.different_first_page_header_footer = True
    _page_number(_format(section.header.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER))
    for header in (section.header, section.first_page_header):
        if sample:
            _run(_format(header.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER), SAMPLE, bold=True, size=11, colour=RED)
    for footer in (section.footer, section.first_page_footer):
        _run(_format(footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT), FOOTER, italic=True, size=9, colour=GREY)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _masthead(doc, draft: Draft) -> None:
    """The header block: issuing body and number on the left, the Party's name and the place and date on the right."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.4), Cm(9.1)
    first = _format(left.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER)
    _run(first, ISSUER[0], size=13)
    for line in ISSUER[1:]:
        _run(_format(left.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER), line, bold=True, size=13)
    _run(_format(left.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER), "*", size=13)
    _run(_format(left.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER), NUMBER, size=13)
    party = _format(right.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER)
    _run(party, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, size=13, underline=True)
    _run(_format(right.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER, before=12), "", size=13)
    year = draft.generated_at.year
    _run(_format(right.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER), PLACE_DATE.format(year=year), italic=True, size=13)
    title = _format(doc.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER, before=24)
    _run(title, draft.title, bold=True, size=15)
    _run(_format(doc.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER), draft.subtitle, bold=True, size=BODY_PT)
    _run(_format(doc.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER, after=12), "-----", size=BODY_PT)
    if draft.sample:
        warn = _format(doc.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER, after=6)
        _run(warn, SAMPLE, bold=True, colour=RED, size=12)


def _repeat_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell(cell, text: str, *, bold=False, italic=False, align=None, size=TABLE_PT) -> None:
    paragraph = _format(cell.paragraphs[0], align, line=1.0)
    _run(paragraph, text, bold=bold, italic=italic, size=size)


def _table(doc, table: Table, size: float = TABLE_PT) -> None:
    out = doc.add_table(rows=1, cols=len(table.headers))
    out.style = "Table Grid"
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    out.autofit = False
    for column, width in zip(out.columns, table.widths, strict=True):
        column.width = Cm(width)  # the table grid, which LibreOffice follows; Word follows each cell's width
    header = out.rows[0]
    _repeat_header(header)
    for cell, text, width in zip(header.cells, table.headers, table.widths, strict=True):
        cell.width = Cm(width)
        _shade(cell, "E2E8F0")
        _cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=size)
    for i, values in enumerate(table.rows):
        row = out.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row is never cut across two pages
        cells = row.cells
        for cell, width in zip(cells, table.widths, strict=True):
            cell.width = Cm(width)
        if i in table.groups:
            first = next(j for j, v in enumerate(values) if v)  # a group heading spans the row from its text
            merged = cells[first].merge(cells[-1]) if first < len(cells) - 1 else cells[first]
            _cell(merged, values[first], bold=True, size=size)
            for j in range(first):
                _cell(cells[j], "", size=size)
            continue
        for cell, text in zip(cells, values, strict=True):
            numeric = bool(re.fullmatch(r"[\d.,/%–-]+", text))
            align = WD_ALIGN_PARAGRAPH.CENTER if numeric else None
            _cell(cell, text, bold=i in table.totals, align=align, size=size)


def _block(doc, block: Block) -> None:
    if block.kind == "table":
        _table(doc, block.table)
        _format(doc.add_paragraph(), after=0)
        return
    paragraph = doc.add_paragraph()
    if block.kind == "h1":
        _run(_format(paragraph, WD_ALIGN_PARAGRAPH.JUSTIFY, before=12, after=6, keep=True), block.text, bold=True)
    elif block.kind == "h2":
        _format(paragraph, WD_ALIGN_PARAGRAPH.JUSTIFY, before=6, after=6, indent=Cm(1.0), keep=True)
        _run(paragraph, block.text, bold=True)
    elif block.kind == "li":
        _format(paragraph, WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, indent=Cm(1.0), line=1.15)
        _run(paragraph, f"- {block.text}")
    elif block.kind == "note":  # the last words before the signature: kept on its page
        note = _format(paragraph, WD_ALIGN_PARAGRAPH.JUSTIFY, before=12, indent=Cm(1.0), keep=True)
        _run(note, block.text, italic=True, size=12)
    else:
        _run(_format(paragraph, WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, indent=Cm(1.0), line=1.15), block.text)


def _closing(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # recipients and signature stay together
    left, right = table.rows[0].cells
    left.width, right.width = Cm(8.0), Cm(8.5)
    _run(_format(left.paragraphs[0], before=12), "Nơi nhận:", bold=True, italic=True, size=12)
    for line in RECIPIENTS:
        _run(_format(left.add_paragraph()), line, size=11)
    _run(_format(right.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER, before=12), SIGNATURE[0], bold=True)
    for line in SIGNATURE[1:]:
        _run(_format(right.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER), line, italic=bool(line), size=12)


def _appendix(doc, appendix: Appendix, draft: Draft) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    _run(_format(doc.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER), f"PHỤ LỤC {appendix.number}", bold=True)
    _run(_format(doc.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER), appendix.title, bold=True)
    said = f"(Kèm theo Báo cáo tình hình thực hiện Nghị quyết số 57-NQ/TW {draft.period_label})"
    _run(_format(doc.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER), said, italic=True, size=13)
    _run(_format(doc.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER, after=6), appendix.note, italic=True, size=11)
    _table(doc, appendix.table, APPENDIX_PT)


def document(draft: Draft) -> bytes:
    """The .docx bytes of a draft."""
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    _page(section, landscape=False)
    _header(section, draft.sample)
    core = doc.core_properties
    core.title, core.author, core.comments = clean(draft.subtitle), "Bảng điều hành NQ57 Lai Châu", DRAFT_MARK
    _masthead(doc, draft)
    for block in draft.body:
        _block(doc, block)
    _closing(doc)
    for appendix in draft.appendices:
        _appendix(doc, appendix, draft)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
