"""Every bad file from the issue: refused with a Vietnamese message that says what to do, and nothing written.

Files that are messy but honest (sheets moved, extra columns, spaces, blank rows, numbers and dates typed as text)
are accepted. The big hostile files (a sheet that inflates to gigabytes, a million-row sheet) are built once per
module as streams of deflate output, a few MB each, and the tests check that the guard refuses them while reading
no more than it must and with bounded memory, before calamine parses anything.
"""

import datetime as dt
import io
import json
import os
import random
import struct
import subprocess
import sys
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import fastexcel
import pytest
import python_calamine
from openpyxl import Workbook, load_workbook

from nq57 import excel, paths, store, workbook_format
from nq57.excel import arrow, guard
from nq57.importer import import_workbook
from nq57.problems import WorkbookRejected
from tests import hostile
from tests.conftest import table_snapshot
from tests.workbooks import assert_same_reads, return_workbook

ROOT = Path(__file__).resolve().parents[1]
MAY = dt.datetime(2026, 5, 20, 9, 30)
MB = 1024 * 1024

NOT_XLSX = "Tệp không phải sổ tính Excel (.xlsx). Hãy tải mẫu báo cáo và điền vào mẫu."
ZIP_NOT_XLSX = "Tệp nén không phải sổ tính Excel (.xlsx). Hãy tải mẫu báo cáo và điền vào mẫu."
CORRUPT = "Tệp Excel bị hỏng hoặc tải lên không trọn vẹn; hãy lưu lại và tải lên lần nữa."
UNREADABLE = "Không đọc được tệp Excel (tệp bị hỏng); hãy lưu lại và tải lên lần nữa."
TOO_BIG = "Tệp Excel chứa dữ liệu giải nén quá lớn so với một báo cáo; tệp bị từ chối."
TOO_MANY_ROWS = (
    "Một trang trong tệp có hơn 60.000 dòng hoặc rộng hơn cột AZ, vượt quá cỡ của một báo cáo; tệp bị từ chối."
)
LEGACY = (
    "Tệp là Excel đời cũ (.xls). Hãy mở tệp và lưu lại dạng “Excel Workbook (.xlsx)”, "
    "hoặc tải mẫu báo cáo mới và điền vào mẫu."
)
PASSWORD = "Tệp Excel đang đặt mật khẩu; hãy mở tệp, bỏ mật khẩu rồi lưu và tải lên lại."
NO_ROWS = "Tệp không có dòng số liệu nào (các trang Số liệu, Tiến độ nhiệm vụ, Thôn, bản đều trống)."
NO_UNIT = "Trang “Thông tin”: Thiếu “Mã đơn vị báo cáo”; hãy dùng mẫu báo cáo tải từ hệ thống."
NO_PERIOD = "Trang “Thông tin”: Thiếu “Kỳ báo cáo” (tháng, dạng 2026-05)."
OBS_LABELS = [c.label for c in workbook_format.OBSERVATIONS.columns]
COPIES = 2048  # of a ~1 MB chunk of rows: a sheet of ~2 GB once inflated
MILLION = 1_000_000


# --- fixtures and helpers ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared():
    """One store with the baseline for the refusal tests: each checks it leaves every table as it found it."""
    con = store.connect(":memory:")
    import_workbook(con, paths.BASELINE_XLSX.read_bytes(), paths.BASELINE_XLSX.name, "baseline")
    yield con
    con.close()


@pytest.fixture
def archive(tmp_path) -> Path:
    return tmp_path / "uploads"


def snapshot(con) -> dict[str, list[tuple]]:
    """Every row of every table in the store."""
    tables = con.execute(
        "select table_name from information_schema.tables where table_type = 'BASE TABLE' order by 1"
    ).fetchall()
    return {t: table_snapshot(con, t) for (t,) in tables}


def refused(con, data: bytes, archive: Path) -> list[str]:
    """The problems of a refused file, having checked that nothing was written: no table, no archive."""
    before = snapshot(con)
    with pytest.raises(WorkbookRejected) as info:
        import_workbook(con, data, "bao_cao.xlsx", "clerk", archive, now=MAY)
    assert snapshot(con) == before, "a refused file must change nothing"
    assert not archive.exists(), "a refused file must not be archived"
    return [str(p) for p in info.value.problems]


@pytest.fixture
def no_calamine(monkeypatch):
    """Fail the test if calamine (through python-calamine or fastexcel) is asked to parse the file: the guard must
    refuse it first."""

    def parse(*args, **kwargs):
        pytest.fail("calamine was given a file the guard should have refused")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", staticmethod(parse))
    monkeypatch.setattr(fastexcel, "read_excel", parse)


@pytest.fixture
def inflated(monkeypatch) -> dict[str, int]:
    """Count the bytes the guard inflates from zip members (zipfile's reader, and the one-call inflate of a part
    kept for halving, wrapped)."""
    counter = {"bytes": 0}
    read = zipfile.ZipExtFile.read
    inflate = guard.inflated

    def counting(self, n=-1):
        data = read(self, n)
        counter["bytes"] += len(data)
        return data

    def counting_whole(*args):
        data = inflate(*args)
        counter["bytes"] += len(data or b"")
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    monkeypatch.setattr(guard, "inflated", counting_whole)
    return counter


def traced(fn):
    """fn()'s result and the peak of Python memory allocated while it ran, in MB."""
    tracemalloc.start()
    try:
        result = fn()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak / MB


def messages(parsed: excel.ParsedWorkbook) -> list[str]:
    return [str(p) for p in parsed.problems]


PROBE = """
import json, re, resource, sys
limit = 3 << 30  # address space: a runaway allocation fails here instead of taking the machine
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from nq57.excel import read_workbook
parsed = read_workbook(sys.argv[1])
# VmHWM, not ru_maxrss: the latter starts from the parent's peak when the child is spawned with vfork.
peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1)) // 1024
print(json.dumps({"problems": [str(p) for p in parsed.problems], "peak_mb": peak}))
"""


linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the probe reads /proc and sets RLIMIT_AS")


def read_in_child(path: Path) -> tuple[int, dict]:
    """read_workbook in a fresh process: its exit code, and its problems and peak memory (all of it, Rust too)."""
    env = dict(os.environ, RUST_BACKTRACE="0", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    return done.returncode, json.loads(done.stdout) if done.returncode == 0 else {"stderr": done.stderr[-500:]}


@pytest.fixture(scope="module")
def valid() -> bytes:
    """A small, valid monthly return."""
    return return_workbook(
        "SKHCN", "2026-05", observations=[{"indicator_code": "HT_5G", "unit_code": "12", "value": 45}]
    )


@pytest.fixture(scope="module")
def big_files(tmp_path_factory):
    """A folder for the generated big files, emptied when the module is done."""
    folder = tmp_path_factory.mktemp("hostile")
    yield folder
    for path in folder.iterdir():
        path.unlink()


def _written(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


ROW_CHUNK = b'<row r="2"><c r="A2"><v>1</v></c></row>' * 26_000  # ~1 MB of identical rows


@pytest.fixture(scope="module")
def gigabyte_sheet(valid, big_files) -> Path:
    """The return with its 'Số liệu' sheet inflating to ~2 GB of rows: ~7 MB on disk, built in well under 1 s."""
    part = hostile.Part("", [hostile.SHEET_HEAD], repeat=(ROW_CHUNK, COPIES), tail=hostile.SHEET_TAIL)
    return _written(big_files, "gigabyte.xlsx", hostile.with_sheet(valid, "Số liệu", part))


@pytest.fixture(scope="module")
def million_rows(valid, big_files) -> Path:
    """The return with 1.000.000 tiny data rows on 'Số liệu': ~50 MB of XML, ~5 MB on disk."""
    part = hostile.rows_sheet(OBS_LABELS, MILLION)
    return _written(big_files, "million.xlsx", hostile.with_sheet(valid, "Số liệu", part))


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


def _cut(data: bytes, where: str) -> bytes:
    directory_at = struct.unpack("<I", data[-6:-2])[0]  # the central directory's offset, from the end record
    return {
        "middle": data[: len(data) // 2],
        "central-directory-missing": data[:directory_at],
        "last-byte-missing": data[:-1],
    }[where]


@pytest.mark.parametrize("where", ["middle", "central-directory-missing", "last-byte-missing"])
def test_a_truncated_workbook_is_refused(shared, archive, valid, where):
    data = _cut(valid, where)
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


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "members",
    [
        pytest.param({"bao_cao.txt": "Số liệu tháng 5".encode(), "so_lieu.csv": b"HT_5G;45,5\n"}, id="text-files"),
        pytest.param({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}, id="word-docx"),
        pytest.param({}, id="empty-zip"),
    ],
)
def test_a_zip_that_is_not_a_workbook_is_refused(shared, archive, members):
    assert refused(shared, _zip(members), archive) == [ZIP_NOT_XLSX]


def test_a_zip_that_only_pretends_to_be_a_workbook_is_refused(shared, archive):
    data = _zip({"xl/workbook.xml": b"this is not xml", "[Content_Types].xml": b"<Types/>"})
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


# --- bombs: refused while streaming, bounded in what is read and in memory --------------------------------


def test_the_gigabyte_fixture_is_what_it_claims(gigabyte_sheet):
    data = gigabyte_sheet.read_bytes()
    assert len(data) < guard.MAX_FILE_BYTES  # small enough to pass the upload size limit
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sizes = {i.filename: i.file_size for i in zf.infolist()}
        assert sizes[hostile.sheet_part(data, "Số liệu")] > 2_000_000_000
        with zf.open(hostile.sheet_part(data, "Số liệu")) as part:  # and it really inflates to rows
            assert part.read(len(hostile.SHEET_HEAD) + 80).endswith(ROW_CHUNK[:80])


def test_a_sheet_that_inflates_to_gigabytes_is_refused(shared, archive, gigabyte_sheet, inflated, no_calamine):
    data = gigabyte_sheet.read_bytes()
    parsed, peak_mb = traced(lambda: excel.read_workbook(data))
    assert messages(parsed) == [TOO_BIG]
    assert inflated["bytes"] <= guard.MAX_UNPACKED_BYTES + guard._CHUNK
    assert peak_mb < 100
    assert refused(shared, data, archive) == [TOO_BIG]


@pytest.fixture(scope="module")
def lying_directory(gigabyte_sheet, big_files) -> Path:
    """The gigabyte sheet, its central directory claiming the sheet is 200 kB (the local header tells the truth)."""
    data = gigabyte_sheet.read_bytes()
    return _written(
        big_files, "lying.xlsx", hostile.patch_directory(data, hostile.sheet_part(data, "Số liệu"), 200_000)
    )


def test_a_central_directory_that_lies_about_the_size_is_refused(
    shared, archive, lying_directory, inflated, no_calamine
):
    data = lying_directory.read_bytes()
    name = hostile.sheet_part(data, "Số liệu")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    assert info.file_size == 200_000
    local_size = struct.unpack_from("<I", data, info.header_offset + 22)[0]
    assert local_size > 2_000_000_000  # what it really inflates to
    parsed, peak_mb = traced(lambda: excel.read_workbook(data))
    # zipfile stops at the declared size, then the checksum of the whole sheet does not match: damaged.
    assert messages(parsed) == [CORRUPT]
    assert inflated["bytes"] <= 200_000 + guard._CHUNK <= guard.MAX_UNPACKED_BYTES + guard._CHUNK
    assert peak_mb < 100
    assert refused(shared, data, archive) == [CORRUPT]


@pytest.fixture(scope="module")
def lying_with_checksum(gigabyte_sheet, big_files) -> Path:
    """As `lying_directory`, and the directory's checksum forged to match the 200 kB it claims."""
    data = gigabyte_sheet.read_bytes()
    prefix = hostile.SHEET_HEAD + ROW_CHUNK[: 200_000 - len(hostile.SHEET_HEAD)]
    name = hostile.sheet_part(data, "Số liệu")
    forged = hostile.patch_directory(data, name, len(prefix), zlib.crc32(prefix))
    return _written(big_files, "lying-crc.xlsx", forged)


@linux_only
def test_a_lying_directory_with_a_forged_checksum_is_refused_and_bounded(shared, archive, lying_with_checksum):
    data = lying_with_checksum.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open(hostile.sheet_part(data, "Số liệu")) as part:
        assert len(part.read(guard._CHUNK)) == 200_000  # Python's zipfile believes it: 200 kB, checksum right
    damaged = "Trang “Số liệu”: Không đọc được trang này (dữ liệu bị hỏng)."
    assert refused(shared, data, archive) == [damaged]  # calamine finds the sheet cut short, and says so
    code, child = read_in_child(lying_with_checksum)  # in a fresh process, to see calamine's memory too
    assert code == 0, child
    assert child["problems"] == [damaged]
    assert child["peak_mb"] < 400  # the interpreter with pandas and calamine loaded is ~110 MB


def test_a_million_row_sheet_is_refused_before_calamine(shared, archive, million_rows, inflated, no_calamine):
    data = million_rows.read_bytes()
    assert len(data) < 10 * MB
    parsed, peak_mb = traced(lambda: excel.read_workbook(data))
    assert messages(parsed) == [TOO_MANY_ROWS]
    assert inflated["bytes"] <= guard.MAX_UNPACKED_BYTES + guard._CHUNK
    assert peak_mb < 100
    assert refused(shared, data, archive) == [TOO_MANY_ROWS]


def _rows_across_a_chunk_boundary(tags: int, split: int) -> bytes:
    """A workbook whose sheet holds `tags` rows, one `<row>` tag cut by the guard's 1 MB read after `split` bytes."""
    row = b"<row><c><v>1</v></c></row>"
    head = hostile.SHEET_HEAD
    pad = (guard._CHUNK - split - len(head)) % len(row)
    assert (guard._CHUNK - split - len(head) - pad) // len(row) < tags  # the boundary falls inside the rows
    part = hostile.Part("xl/worksheets/sheet1.xml", [head, b" " * pad, row * tags], tail=hostile.SHEET_TAIL)
    workbook = hostile.Part("xl/workbook.xml", [b"<workbook/>"])
    return hostile.write_zip([workbook, part])


@pytest.mark.parametrize("split", [1, 2, 3, 4])
def test_the_row_limit_is_exact_across_read_chunks(split):
    limit = guard.MAX_ROWS_PER_SHEET
    assert [p.message for p in guard.check_container(_rows_across_a_chunk_boundary(limit, split))] == []
    assert [p.message for p in guard.check_container(_rows_across_a_chunk_boundary(limit + 1, split))] == [
        TOO_MANY_ROWS
    ]


# --- what the guard once missed: other spellings and parts, far references, far-right cells ---


def test_a_million_rows_written_with_newlines_in_the_tags_are_counted(shared, archive, valid, no_calamine):
    data = hostile.with_sheet(valid, "Số liệu", hostile.rows_sheet(OBS_LABELS, MILLION, sep=b"\n"))
    assert refused(shared, data, archive) == [TOO_MANY_ROWS]


def test_a_million_row_sheet_stored_outside_the_worksheets_folder_is_counted(
    shared, archive, million_rows, no_calamine
):
    data = million_rows.read_bytes()
    name = hostile.sheet_part(data, "Số liệu")
    moved = "xl/data/sheet.xml"
    parts = hostile.parts_of(data)
    for part in parts:
        if part.name == name:
            part.name = moved
        elif part.name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            part.chunks = [b"".join(part.chunks).replace(name.encode(), moved.encode())]
    data = hostile.write_zip(parts)
    assert hostile.sheet_part(data, "Số liệu") == moved
    assert refused(shared, data, archive) == [TOO_MANY_ROWS]


def test_a_sheet_reaching_row_a_million_is_refused_before_calamine(shared, archive, valid, no_calamine):
    far = f'<row r="{MILLION + 1}"><c r="A{MILLION + 1}"><v>1</v></c></row>'.encode()
    part = hostile.Part("", [hostile.SHEET_HEAD, hostile.header_row(OBS_LABELS), far], tail=hostile.SHEET_TAIL)
    assert refused(shared, hostile.with_sheet(valid, "Số liệu", part), archive) == [TOO_MANY_ROWS]


@linux_only
def test_a_sheet_with_one_cell_far_right_does_not_kill_the_process(valid, big_files):
    # Two row tags, so the row count passes; calamine then allocates the whole 60.000 x 16.384 rectangle
    # (31 GB) and Rust aborts on the failed allocation: the server process dies with SIGABRT.
    corner = b'<row r="60000"><c r="XFD60000"><v>1</v></c></row>'
    part = hostile.Part("", [hostile.SHEET_HEAD, hostile.header_row(OBS_LABELS), corner], tail=hostile.SHEET_TAIL)
    path = _written(big_files, "far-corner.xlsx", hostile.with_sheet(valid, "Số liệu", part))
    code, child = read_in_child(path)
    assert code == 0, child
    assert child["problems"] and child["problems"][0].endswith("vượt quá cỡ của một báo cáo; tệp bị từ chối.")


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


# --- messy but honest: accepted ------------------------------------------------------------------


def messy_base() -> bytes:
    """A commune's return with a row on each data sheet, values typed as the template expects."""
    return return_workbook(
        "03434",
        "2026-05",
        observations=[
            {"indicator_code": "VNEID", "value": 45.5},
            {"indicator_code": "HT_4G_THON", "value": 62.5},
            {"indicator_code": "TTHC_TRUCTUYEN", "numerator": 1234, "denominator": 1500},
        ],
        task_updates=[
            {"task_code": "32KH-17", "status": "Đã hoàn thành", "completed_on": dt.date(2026, 5, 15)},
            {"task_code": "32KH-18", "status": "Đang thực hiện", "progress": 60},
        ],
        villages=[{"code": "BAN-004", "name": "Nậm Po", "mobile": "4G", "fibre": False, "grid_power": True}],
    )


DATA_SHEETS = ("Số liệu", "Tiến độ nhiệm vụ", "Thôn, bản")
CODE_COLUMNS = {
    "Thông tin": ("Giá trị",),
    "Số liệu": ("Mã chỉ tiêu", "Mã đơn vị", "Kỳ"),
    "Tiến độ nhiệm vụ": ("Mã nhiệm vụ", "Trạng thái"),
    "Thôn, bản": ("Mã thôn, bản", "Sóng di động"),
}


def edit(wb, title: str, label: str, change) -> None:
    """Apply change(value) to every filled cell under the header `label` (found wherever the column now is)."""
    ws = wb[title]
    column = next(c.column for c in ws[1] if c.value == label)
    for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
        if cell.value is not None:
            cell.value = change(cell.value)


def reorder_sheets(wb) -> None:
    for title in reversed(DATA_SHEETS):  # the data sheets first, then the instructions, the info last
        wb.move_sheet(title, offset=-wb.index(wb[title]))
    wb.move_sheet("Thông tin", offset=len(wb.sheetnames) - 1 - wb.index(wb["Thông tin"]))


def extra_columns(wb) -> None:
    for title in DATA_SHEETS:
        ws = wb[title]
        ws.insert_cols(1)
        ws.cell(row=1, column=1, value="STT")
        for row in range(2, ws.max_row + 1):
            ws.cell(row=row, column=1, value=row - 1)
        ws.cell(row=1, column=ws.max_column + 1, value="Ghi chú của xã")
        ws.cell(row=2, column=ws.max_column, value="nhập lại lần 2")


def stray_spaces(wb) -> None:
    for title, labels in CODE_COLUMNS.items():
        for label in labels:
            edit(wb, title, label, lambda v: f" \u00a0{v} \t" if isinstance(v, str) else v)


def blank_rows(wb) -> None:
    for title in DATA_SHEETS:
        ws = wb[title]
        for row in range(ws.max_row, 1, -1):  # two empty rows before every data row, and two after the last
            ws.insert_rows(row, amount=2)
        ws.insert_rows(ws.max_row + 1, amount=2)


def numbers_as_text(wb) -> None:
    edit(wb, "Số liệu", "Giá trị", lambda v: {45.5: "45,5", 62.5: "62,5%"}.get(v, v))
    edit(wb, "Số liệu", "Tử số", lambda v: "1.234" if v == 1234 else v)
    edit(wb, "Số liệu", "Mẫu số", lambda v: "1500" if v == 1500 else v)
    edit(wb, "Tiến độ nhiệm vụ", "Tiến độ (%)", lambda v: "60%" if v == 60 else v)


def dates_as_text(wb) -> None:
    edit(wb, "Tiến độ nhiệm vụ", "Ngày hoàn thành", lambda v: f"{v.day}/{v.month}/{v.year}")


def dates_as_iso_text(wb) -> None:
    edit(wb, "Tiến độ nhiệm vụ", "Ngày hoàn thành", lambda v: v.strftime("%Y-%m-%d"))


def dates_with_a_time(wb) -> None:
    edit(wb, "Tiến độ nhiệm vụ", "Ngày hoàn thành", lambda v: dt.datetime(v.year, v.month, v.day, 8, 30))
    ws = wb["Tiến độ nhiệm vụ"]
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"


EDITS = {
    "as-sent": [],
    "sheets-reordered": [reorder_sheets],
    "extra-columns": [extra_columns],
    "stray-spaces": [stray_spaces],
    "blank-rows": [blank_rows],
    "numbers-as-text": [numbers_as_text],
    "dates-as-text": [dates_as_text],
    "dates-as-iso-text": [dates_as_iso_text],
    "excel-dates-with-time": [dates_with_a_time],
    "all-at-once": [
        numbers_as_text,
        dates_as_text,
        stray_spaces,
        extra_columns,
        blank_rows,
        reorder_sheets,
    ],
}


def messy(edits) -> bytes:
    wb = load_workbook(io.BytesIO(messy_base()))
    for change in edits:
        change(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("edits", EDITS.values(), ids=EDITS.keys())
def test_a_messy_but_honest_return_is_accepted(loaded, archive, edits):
    result = import_workbook(loaded, messy(edits), "xa_nam_hang.xlsx", "clerk", archive, now=MAY)
    assert result.row_counts == {"observations": 3, "task_updates": 2, "villages": 1}
    landed = loaded.execute(
        "select indicator_code, unit_code, period, round(value, 4), numerator, denominator "
        "from observations where upload_id = ? order by indicator_code",
        [result.upload_id],
    ).fetchall()
    assert landed == [
        ("HT_4G_THON", "03434", "2026-05", 62.5, None, None),
        ("TTHC_TRUCTUYEN", "03434", "2026-05", 82.2667, 1234.0, 1500.0),  # computed from 1.234 / 1500
        ("VNEID", "03434", "2026-05", 45.5, None, None),
    ]
    tasks = loaded.execute(
        "select task_code, status, completed_on, progress, period from task_updates where upload_id = ? order by 1",
        [result.upload_id],
    ).fetchall()
    assert tasks == [
        ("32KH-17", "done", dt.date(2026, 5, 15), 100.0, "2026-05"),
        ("32KH-18", "in_progress", None, 60.0, "2026-05"),
    ]
    villages = loaded.execute(
        "select village_code, period, mobile, fibre, grid_power from village_reports where upload_id = ?",
        [result.upload_id],
    ).fetchall()
    assert villages == [("BAN-004", "2026-05", "4g", False, True)]


def bad_cells(wb) -> None:
    edit(wb, "Số liệu", "Giá trị", lambda v: "khoảng 45" if v == 45.5 else v)
    edit(wb, "Tiến độ nhiệm vụ", "Trạng thái", lambda v: "Xong rồi" if v == "Đang thực hiện" else v)
    edit(wb, "Thôn, bản", "Sóng di động", lambda v: "6G")
    edit(wb, "Tiến độ nhiệm vụ", "Ngày hoàn thành", lambda v: "31/2/2026")


@pytest.mark.parametrize("edits", [*EDITS.values(), [bad_cells]], ids=[*EDITS.keys(), "bad-cells"])
def test_a_return_reads_the_same_through_fastexcel_as_through_calamine_cells(monkeypatch, edits):
    data = messy(edits)
    read = excel.read_workbook(data)
    monkeypatch.setattr(arrow, "load_table", lambda *args: None)
    assert_same_reads(read, excel.read_workbook(data))


# --- duplicates and the same file twice ----------------------------------------------------------------


def _vneid(*rows: dict) -> bytes:
    return return_workbook("03434", "2026-05", observations=[{"indicator_code": "VNEID"} | r for r in rows])


def test_a_duplicate_row_is_refused_naming_both_rows(shared, archive):
    data = _vneid({"value": 40}, {"value": 41})
    assert refused(shared, data, archive) == ["Trang “Số liệu”, dòng 3: Dòng trùng với dòng 2."]


def test_a_duplicate_hidden_by_spaces_and_blank_rows_is_refused(shared, archive):
    wb = load_workbook(io.BytesIO(_vneid({"value": 40}, {"value": 41}, {"indicator_code": "HT_4G_THON", "value": 5})))
    ws = wb["Số liệu"]
    ws.insert_rows(3, amount=2)
    ws["A5"] = " VNEID "
    buffer = io.BytesIO()
    wb.save(buffer)
    assert refused(shared, buffer.getvalue(), archive) == ["Trang “Số liệu”, dòng 5: Dòng trùng với dòng 2."]


def test_a_duplicate_with_the_period_written_differently_is_refused(loaded, archive):
    data = _vneid({"value": 40}, {"value": 41, "period": "2026-5"})
    assert refused(loaded, data, archive) == ["Trang “Số liệu”, dòng 3: Dòng trùng với dòng 2."]


def test_the_same_file_twice_is_recognised(loaded, archive):
    data = messy_base()
    first = import_workbook(loaded, data, "bao_cao_thang_5.xlsx", "Nguyễn Văn A", archive, now=MAY)
    archived = sorted(archive.iterdir())
    before = snapshot(loaded)
    with pytest.raises(WorkbookRejected) as info:
        import_workbook(loaded, data, "bao_cao_thang_5 (1).xlsx", "Trần Thị B", archive, now=MAY)
    assert [str(p) for p in info.value.problems] == [
        f"Tệp này đã được nhập ngày 20/5/2026 (lần nhập số {first.upload_id}, tệp “bao_cao_thang_5.xlsx”, "
        "người nhập Nguyễn Văn A); không nhập lại."
    ]
    assert snapshot(loaded) == before
    assert sorted(archive.iterdir()) == archived


# --- and after all of them, the store still works --------------------------------------------------


def test_the_store_still_takes_a_valid_return_after_every_hostile_file(
    loaded, archive, valid, gigabyte_sheet, lying_directory, million_rows
):
    hostile_files = [
        b"",
        hostile.PNG,
        _cut(valid, "middle"),
        _cut(valid, "central-directory-missing"),
        _zip({"a.txt": b"a"}),
        hostile.ole2(["Workbook"]),
        hostile.ole2(["EncryptionInfo", "EncryptedPackage"]),
        gigabyte_sheet.read_bytes(),
        lying_directory.read_bytes(),
        million_rows.read_bytes(),
        _vneid({"value": 40}, {"value": 41}),
    ]
    for data in hostile_files:
        assert refused(loaded, data, archive)
    result = import_workbook(loaded, valid, "bao_cao.xlsx", "clerk", archive, now=MAY)
    assert result.row_counts == {"observations": 1}
    current = loaded.execute(
        "select value from current_observations where indicator_code = 'HT_5G' and unit_code = '12' "
        "and period = '2026-05'"
    ).fetchone()
    assert current == (45.0,)


@pytest.mark.parametrize(
    ("xml", "far"),
    [
        (b'<c r="XFD1">', True),
        (b'<c\tr="XFD1">', True),
        (b"<c\nr = 'AAA1'>", True),
        (b'<c r ="A1000000">', True),
        (b'<c r= "BA1"/>', True),
        (b"<c r='ZZ9'>", True),
        (b'<row r="1000000">', True),
        (b'<?xml version="1.0"?>\r\n<c r="XFD1">', True),
        (b'<?xml version="1.0"?>\r\n<c\r\nr="XFD1">', True),
        (b'<c r="AZ99999">', False),
        (b'<c r="A1">', False),
        (b'<c attr="XFD1">', False),
        (b'<?xml version="1.0"?>\r\n<c r="A1">', False),
        (b'<c t="inlineStr">', False),
        (b'<row r="99999">', False),
    ],
)
def test_a_far_reference_is_seen_in_every_spelling_of_the_attribute(xml, far):
    assert guard._far_reference(xml) is far


def test_the_fast_far_reference_scan_agrees_with_the_regular_expression():
    # Random XML-like text from the characters that matter: the NumPy scan and the regular expression it stands
    # for must agree on every window, far references, near ones and odd spellings alike.
    rng = random.Random(57)
    pieces = [' r="', " r='", ' r ="', "\nr= '", "<c", ">", "r", " ", "\t", "=", '"', "A", "B", "Z", "z", "Q"]
    pieces += ["1", "9", "0", "123456", "99999", "XFD", "AZ", "BA", "x"]
    windows = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))).encode() for _ in range(5000)]
    found = [guard._far_reference(w) for w in windows]
    assert found == [guard._far_reference_any_spelling(w) for w in windows]
    assert 500 < sum(found) < 4500  # both kinds of window were tried


def test_the_row_count_agrees_with_the_regular_expression_window_by_window():
    # Row tags in every spelling among near misses ("<rows", "<rowBreaks", "</row>", a row cut by the window's
    # end): the NumPy count of each window, and the counts of a text read in windows with the guard's tail, agree
    # with the regular expression on the whole text.
    rng = random.Random(58)
    pieces = ["<row", ":row", "<x:row", "</row>", "<rowBreaks", "<rows", "row", "<", ":", "r", "o", "w", "ow"]
    pieces += [" ", "\n", "\t", ">", "/>", "/", 'r="1"', "B", "x"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 60))).encode() for _ in range(3000)]
    assert [guard._scan(t)[0] for t in texts] == [len(guard._ROW_TAG.findall(t)) for t in texts]
    assert sum(len(guard._ROW_TAG.findall(t)) for t in texts) > 1000  # rows were there to count
    for text in texts[:500]:
        counted, tail = 0, b""
        for start in range(0, len(text), 7):  # windows of 7 new bytes after a tail of at most 5
            window = tail + text[start : start + 7]
            counted += guard._scan(window, len(tail))[0]
            tail = window[-5:]
        assert counted == len(guard._ROW_TAG.findall(text)), text


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
