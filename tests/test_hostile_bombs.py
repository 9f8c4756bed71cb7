"""Zip bombs, million-row sheets, lying zip directories and far references: refused before calamine parses them."""

# The big files (a sheet that inflates to gigabytes, a million-row sheet) are built once per module as streams of
# deflate output, a few MB each (see tests/hostile.py); the tests check that the guard refuses them while reading no
# more than it must and with bounded memory.

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

import pytest

from nq57 import excel, workbook_format
from nq57.excel import guard
from nq57.importer import import_workbook
from tests import hostile
from tests.refusals import CORRUPT, MAY, refused
from tests.workbooks import vneid_return

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024

TOO_BIG = "Tệp Excel chứa dữ liệu giải nén quá lớn so với một báo cáo; tệp bị từ chối."
TOO_MANY_ROWS = (
    "Một trang trong tệp có hơn 60.000 dòng hoặc rộng hơn cột AZ, vượt quá cỡ của một báo cáo; tệp bị từ chối."
)
OBS_LABELS = [c.label for c in workbook_format.OBSERVATIONS.columns]
COPIES = 2048  # of a ~1 MB chunk of rows: a sheet of ~2 GB once inflated
MILLION = 1_000_000


# --- fixtures and helpers ------------------------------------------------------------------------


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


# --- and after all of them, the store still works --------------------------------------------------


def test_the_store_still_takes_a_valid_return_after_every_hostile_file(
    loaded, archive, valid, gigabyte_sheet, lying_directory, million_rows
):
    hostile_files = [
        b"",
        hostile.PNG,
        hostile.truncated(valid, "middle"),
        hostile.truncated(valid, "central-directory-missing"),
        hostile.zip_of({"a.txt": b"a"}),
        hostile.ole2(["Workbook"]),
        hostile.ole2(["EncryptionInfo", "EncryptedPackage"]),
        gigabyte_sheet.read_bytes(),
        lying_directory.read_bytes(),
        million_rows.read_bytes(),
        vneid_return({"value": 40}, {"value": 41}),
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
