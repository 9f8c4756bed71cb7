"""Files that are not workbooks, or damaged, legacy, encrypted or empty ones: refused, and nothing written."""

import io
import zipfile

import fastexcel
import pytest
import python_calamine
from openpyxl import Workbook

from nq57 import excel, workbook_format
from tests import hostile
from tests.refusals import CORRUPT, refused
from tests.workbooks import return_workbook

NOT_XLSX = "Tệp không phải sổ tính Excel (.xlsx). Hãy tải mẫu báo cáo và điền vào mẫu."
ZIP_NOT_XLSX = "Tệp nén không phải sổ tính Excel (.xlsx). Hãy tải mẫu báo cáo và điền vào mẫu."
UNREADABLE = "Không đọc được tệp Excel (tệp bị hỏng); hãy lưu lại và tải lên lần nữa."
LEGACY = (
    "Tệp là Excel đời cũ (.xls). Hãy mở tệp và lưu lại dạng “Excel Workbook (.xlsx)”, "
    "hoặc tải mẫu báo cáo mới và điền vào mẫu."
)
PASSWORD = "Tệp Excel đang đặt mật khẩu; hãy mở tệp, bỏ mật khẩu rồi lưu và tải lên lại."
NO_ROWS = "Tệp không có dòng số liệu nào (các trang Số liệu, Tiến độ nhiệm vụ, Thôn, bản đều trống)."
NO_UNIT = "Trang “Thông tin”: Thiếu “Mã đơn vị báo cáo”; hãy dùng mẫu báo cáo tải từ hệ thống."
NO_PERIOD = "Trang “Thông tin”: Thiếu “Kỳ báo cáo” (tháng, dạng 2026-05)."


# --- not a workbook at all -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("Mã chỉ tiêu;Giá trị\nHT_5G;45,5\n".encode(), id="text"),
        pytest.param(hostile.PNG, id="png"),
        pytest.param(b"", id="empty-0-bytes"),
        pytest.param(b"PK", id="just-the-zip-magic"),
    ],
)
def test_a_file_that_is_not_a_zip_is_refused(shared, archive, data):
    expected = [CORRUPT] if data.startswith(b"PK") else [NOT_XLSX]
    assert refused(shared, data, archive) == expected


@pytest.mark.parametrize("where", ["middle", "central-directory-missing", "last-byte-missing"])
def test_a_truncated_workbook_is_refused(shared, archive, valid, where):
    data = hostile.truncated(valid, where)
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(data))
    assert refused(shared, data, archive) == [CORRUPT]


def test_a_workbook_damaged_inside_a_sheet_is_refused(shared, archive, valid, no_calamine):
    name = hostile.sheet_part(valid, "Số liệu")
    with zipfile.ZipFile(io.BytesIO(valid)) as zf:
        info = zf.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(valid)
    damaged[start + 10 : start + 60] = b"\xff" * 50  # the deflate stream, scrambled; the directory intact
    assert refused(shared, bytes(damaged), archive) == [CORRUPT]


@pytest.mark.parametrize(
    "members",
    [
        pytest.param({"bao_cao.txt": "Số liệu tháng 5".encode(), "so_lieu.csv": b"HT_5G;45,5\n"}, id="text-files"),
        pytest.param({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}, id="word-docx"),
        pytest.param({}, id="empty-zip"),
    ],
)
def test_a_zip_that_is_not_a_workbook_is_refused(shared, archive, members):
    assert refused(shared, hostile.zip_of(members), archive) == [ZIP_NOT_XLSX]


def test_a_zip_that_only_pretends_to_be_a_workbook_is_refused(shared, archive):
    data = hostile.zip_of({"xl/workbook.xml": b"this is not xml", "[Content_Types].xml": b"<Types/>"})
    assert refused(shared, data, archive) == [UNREADABLE]


def test_a_legacy_xls_is_refused(shared, archive, no_calamine):
    data = hostile.ole2(["Workbook", "\x05SummaryInformation"])  # the compound file Excel 97-2003 writes
    assert refused(shared, data, archive) == [LEGACY]


def test_a_password_protected_workbook_is_refused(shared, archive, valid, no_calamine):
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    encrypted = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(valid)).encrypt("matkhau123", encrypted)  # what Excel's "Encrypt with Password" does
    problems = refused(shared, encrypted.getvalue(), archive)
    assert problems == [PASSWORD]
    assert "mật khẩu" in problems[0]


def test_a_crafted_encrypted_container_is_refused_as_password_protected(shared, archive, no_calamine):
    data = hostile.ole2(["EncryptionInfo", "EncryptedPackage"])
    assert refused(shared, data, archive) == [PASSWORD]


# --- empty workbooks -----------------------------------------------------------------------------


def test_an_empty_workbook_is_refused(shared, archive):
    buffer = io.BytesIO()
    Workbook().save(buffer)  # one empty sheet called "Sheet"
    assert refused(shared, buffer.getvalue(), archive) == [
        "Tệp không có trang nào của mẫu báo cáo (Thông tin, Số liệu, Tiến độ nhiệm vụ, Thôn, bản). "
        "Hãy tải mẫu báo cáo và điền vào mẫu."
    ]


def test_a_workbook_with_our_sheets_but_only_headers_is_refused(shared, archive):
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in (
        workbook_format.INFO,
        workbook_format.OBSERVATIONS,
        workbook_format.TASK_UPDATES,
        workbook_format.VILLAGES,
    ):
        wb.create_sheet(sheet.title).append([c.label for c in sheet.columns])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert refused(shared, buffer.getvalue(), archive) == [NO_UNIT, NO_PERIOD]


def test_a_return_with_only_headers_on_the_data_sheets_is_refused(shared, archive):
    data = return_workbook("03434", "2026-05", observations=[], task_updates=[], villages=[])
    assert refused(shared, data, archive) == [NO_ROWS]


# --- a parser that panics ----------------------------------------------------------------------


class PanicException(BaseException):
    """What pyo3 raises when Rust code panics (calamine on a file it cannot handle): not an Exception."""


def test_a_parser_that_panics_on_a_file_reports_it_and_the_server_keeps_answering(shared, archive, monkeypatch):
    def panic(*args, **kwargs):
        raise PanicException("called `Option::unwrap()` on a `None` value")

    data = return_workbook("SKHCN", "2026-05", observations=[{"indicator_code": "HT_5G", "value": 45}])
    monkeypatch.setattr(fastexcel, "read_excel", panic)  # fastexcel panics: calamine's cells read the sheets
    assert excel.read_workbook(data).sheets["observations"]["value"].tolist() == [45.0]
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", staticmethod(panic))
    assert refused(shared, data, archive) == ["Không đọc được tệp Excel (tệp bị hỏng); hãy lưu lại và tải lên lần nữa."]
