"""The province's indicators mapped to the national sets: the transcription, its import and rollback, the pages that
show it, and the administrator's export of our figures under the national codes."""

import csv
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import auth, overview
from components.text import md
from nq57 import board, codes, exports, importer, national, paths, snapshot
from nq57.baseline import write_workbook
from nq57.workbook_format import INFO_FIELDS, NATIONAL_MAP
from tests import board_cards
from tests.accounts import ADMIN
from tests.refusals import refused
from tests.sweep import shown
from tests.test_workbooks_written import assert_no_formula

APP = str(paths.ROOT / "app.py")
CSV = paths.BASELINE_DIR / "national_map.csv"


def csv_rows(path=CSV) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def bulk(*rows: dict) -> bytes:
    """An administrator's load with only a “Chỉ tiêu quốc gia” sheet."""
    buffer = io.BytesIO()
    info = [{"field": INFO_FIELDS["kind"], "value": codes.BULK}]
    write_workbook({"info": info, "national_map": list(rows)}, buffer, ["Thử"])
    return buffer.getvalue()


A_ROW = {
    "indicator_code": "HT_5G",
    "set_code": "NQ03",
    "national_code": "23.4",
    "national_name": "Phủ sóng 5G đạt 99% dân số",
    "relation": "proxy",
    "source": "Nghị quyết 03/NQ-CP",
    "note": None,
}


# --- the transcription ------------------------------------------------------------------------------------------


def test_every_code_of_the_transcription_is_known():
    rows = csv_rows()
    indicators = {r["code"] for r in csv_rows(paths.BASELINE_DIR / "indicators.csv")}
    assert len(indicators) == 40
    assert {r["indicator_code"] for r in rows} <= indicators
    assert {r["set_code"] for r in rows} == set(national.SETS)
    assert {r["relation"] for r in rows} <= set(national.RELATIONS)
    assert all(r["national_code"].strip() and r["national_name"].strip() and r["source"].strip() for r in rows)
    pairs = [(r["indicator_code"], r["set_code"]) for r in rows]
    assert len(pairs) == len(set(pairs)), "at most one national indicator of each set per indicator"
    # Where the sets publish no code (DTI, PII), the row says so.
    for r in rows:
        if r["set_code"] in ("DTI", "PII"):
            assert "chưa tìm thấy mã" in r["source"], r


def test_the_mappings_the_research_supports():
    got = {(r["indicator_code"], r["set_code"]): (r["national_code"], r["relation"]) for r in csv_rows()}
    assert got[("HT_5G", "NQ03")] == ("23.4", "proxy")  # ours does not say it counts the population
    assert got[("HT_BRCD_1GBPS", "NQ03")] == ("23.1", "same")
    assert got[("KTS_GRDP", "NQ03")] == ("10", "proxy")  # GRDP of the province, not GDP
    assert got[("TTHC_TRUCTUYEN", "NQ03")] == ("11.1", "proxy")
    assert got[("DVC_TOANTRINH", "NQ03")] == ("11.2", "same")
    assert got[("CHI_KHCN_NGANSACH", "NQ03")] == ("17", "part")
    assert got[("CDS_CHISO", "DTI")] == ("DTI", "same")
    assert ("NV_HOANTHANH", "NQ03") not in got  # the tasks done count is no national indicator


def test_the_baseline_brings_the_mapping_ordered_by_set_then_code(ro):
    mapped = national.mapping(ro.cursor())
    assert list(mapped.columns) == national.COLUMNS
    assert len(mapped) == len(csv_rows())
    assert list(dict.fromkeys(mapped["set_code"])) == ["NQ03", "DTI", "PII"]
    nq03 = mapped[mapped["set_code"] == "NQ03"]
    assert list(nq03["national_code"]) == ["10", "11.1", "11.2", "11.3", "11.10", "11.12", "17", "23.1", "23.4"]
    assert mapped[mapped["set_code"] == "DTI"]["national_code"].iloc[0] == "DTI"  # the index itself first
    row = mapped.set_index(["indicator_code", "set_code"]).loc[("HT_5G", "NQ03")]
    assert row["set_name"] == national.SETS["NQ03"]
    assert row["relation_label"] == "Số đo gần đúng"
    assert row["national_name"] == "Phủ sóng 5G đạt 99% dân số"
    assert national.short_texts(mapped)["HT_5G"].startswith("NQ 03 · 23.4 (số đo gần đúng); DTI · Hạ tầng số")
    assert national.short_texts(mapped)["CDS_CHISO"] == "DTI (cùng thước đo)"


# --- the import path ----------------------------------------------------------------------------------------------


def test_a_bad_mapping_sheet_is_refused_naming_sheet_row_and_column(shared, archive):
    data = bulk(
        A_ROW | {"indicator_code": "KHONG_CO"},
        A_ROW | {"indicator_code": "VNEID", "set_code": "SDG"},
        A_ROW | {"indicator_code": "KTS_GRDP", "relation": "giống"},
        A_ROW | {"indicator_code": "TTHC_SOHOA", "national_code": None},
        A_ROW | {"indicator_code": "DVC_TOANTRINH", "national_name": " "},
        A_ROW | {"indicator_code": "HT_5G"},
        A_ROW | {"indicator_code": "HT_5G"},
    )
    problems = refused(shared, data, archive)
    sheet = f"Trang “{NATIONAL_MAP.title}”"
    assert f"{sheet}, dòng 2, cột “Mã chỉ tiêu”: Mã chỉ tiêu “KHONG_CO” không có trong danh mục." in problems
    assert (
        f"{sheet}, dòng 3, cột “Bộ chỉ tiêu quốc gia”: Bộ chỉ tiêu quốc gia “SDG” không có trong danh mục; "
        "cần một trong: NQ03, DTI, PII." in problems
    )
    assert (
        f"{sheet}, dòng 4, cột “Quan hệ”: Quan hệ “giống” không hợp lệ; cần một trong: same (cùng thước đo), "
        "part (một phần), proxy (số đo gần đúng)." in problems
    )
    blank = [p for p in problems if "bắt buộc" in p]
    assert any(p.startswith(f"{sheet}, dòng 5, cột “Mã chỉ tiêu quốc gia”") for p in blank), problems
    assert any(p.startswith(f"{sheet}, dòng 6, cột “Tên chỉ tiêu quốc gia”") for p in blank), problems
    assert f"{sheet}, dòng 8: Dòng trùng với dòng 7." in problems


def test_a_monthly_return_may_not_bring_the_mapping(shared, archive):
    buffer = io.BytesIO()
    info = [
        {"field": INFO_FIELDS["kind"], "value": codes.RETURN},
        {"field": INFO_FIELDS["unit_code"], "value": "SKHCN"},
        {"field": INFO_FIELDS["period"], "value": "2026-05"},
    ]
    write_workbook({"info": info, "national_map": [A_ROW]}, buffer, ["Thử"])
    problems = refused(shared, buffer.getvalue(), archive)
    assert any("Báo cáo tháng không được chứa trang “Chỉ tiêu quốc gia”" in p for p in problems), problems


def test_a_later_sheet_replaces_the_mapping_and_its_rollback_brings_back_the_one_before(loaded, archive):
    before = national.mapping(loaded.cursor())
    assert len(before) == len(csv_rows())
    result = importer.import_workbook(loaded, bulk(A_ROW | {"note": "Thử"}), "ban_do.xlsx", ADMIN.username, archive)
    now = national.mapping(loaded.cursor())
    assert list(now["indicator_code"]) == ["HT_5G"] and list(now["note"]) == ["Thử"]
    importer.rollback(loaded, result.upload_id, ADMIN.username, user=ADMIN)
    pd.testing.assert_frame_equal(national.mapping(loaded.cursor()), before)
    # Its rows stay as history, marked with their upload; only the upload's status changed.
    assert loaded.execute("select count(*) from national_map where upload_id = ?", [result.upload_id]).fetchall() == [
        (1,)
    ]


def test_a_load_that_also_changes_the_catalogue_still_cannot_be_rolled_back(loaded, archive):
    buffer = io.BytesIO()
    info = [{"field": INFO_FIELDS["kind"], "value": codes.BULK}]
    documents = [{"code": "TEST/2026", "title": "Văn bản thử", "issued_on": dt.date(2026, 1, 1)}]
    write_workbook({"info": info, "documents": documents, "national_map": [A_ROW]}, buffer, ["Thử"])
    result = importer.import_workbook(loaded, buffer.getvalue(), "ca_hai.xlsx", ADMIN.username, archive)
    with pytest.raises(importer.RollbackRefused, match="sửa danh mục"):
        importer.rollback(loaded, result.upload_id, ADMIN.username, user=ADMIN)


# --- the export ---------------------------------------------------------------------------------------------------


def _sheet_rows(data: bytes) -> list[dict]:
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in ws[3]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=4, values_only=True)]


def test_the_export_holds_the_boards_figures_for_the_period(loaded):
    period = board.choose_period("quarter", "2026-Q1", dt.date(2026, 12, 1))
    snap = snapshot.read(loaded.cursor(), period.as_of, period.previous_as_of)
    mapped = national.mapping(loaded.cursor())
    rows = _sheet_rows(exports.national_workbook(national.export_frame(mapped, snap.board), "Thử"))
    assert len(rows) == len(mapped)
    figures = snap.board.set_index("code")
    for row in rows:
        figure = figures.loc[row["Mã chỉ tiêu của tỉnh"]]
        assert row["Số liệu của tỉnh"] == figure["value_text"], row
        assert row["Kỳ số liệu"] == figure["period_label"]
        assert row["Tên chỉ tiêu của tỉnh"] == figure["name"]
    by_code = {(r["Mã chỉ tiêu quốc gia"], r["Mã chỉ tiêu của tỉnh"]): r for r in rows}
    grdp = by_code[("Tác động", "GRDP_TANGTRUONG")]  # the growth of 9,6% that notice 01-TB/CQTTBCD reports
    assert (grdp["Số liệu của tỉnh"], grdp["Kỳ số liệu"], grdp["Quan hệ"]) == ("9,6%", "Quý I/2026", "Một phần")
    assert grdp["Bộ chỉ tiêu quốc gia"] == national.SHORT["PII"]
    assert grdp["Nguồn số liệu"] == "Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1"
    assert by_code[("Hạ tầng số", "BAN_CHUA_BRDD")]["Số liệu của tỉnh"] == "8"
    assert by_code[("Hạ tầng số", "BAN_CHUA_BRDD")]["Mục tiêu của tỉnh"] == "≤ 4, hạn 30/4/2026"
    assert by_code[("23.4", "HT_5G")]["Số liệu của tỉnh"] == "–"  # no figure yet, as on the board


def test_text_from_the_sheet_is_written_as_text(loaded, archive):
    hostile = A_ROW | {"national_name": "=1+1", "note": "@SUM(A1:A2)", "source": "+cmd|' /C calc'!A0"}
    importer.import_workbook(loaded, bulk(hostile), "ban_do.xlsx", ADMIN.username, archive)
    mapped = national.mapping(loaded.cursor())
    assert list(mapped["national_name"]) == ["=1+1"]  # stored as typed
    period = board.choose_period("quarter", "2026-Q1", dt.date(2026, 12, 1))
    frame = snapshot.read(loaded.cursor(), period.as_of, period.previous_as_of).board
    data = exports.national_workbook(national.export_frame(mapped, frame), "=2+2")
    assert_no_formula(data, ("=1+1", "@SUM(A1:A2)", "+cmd|' /C calc'!A0", "=2+2"))
    [row] = _sheet_rows(data)
    assert row["Tên chỉ tiêu quốc gia"] == "'=1+1"


# --- the pages ----------------------------------------------------------------------------------------------------


@pytest.fixture
def page(baseline_db, monkeypatch):
    monkeypatch.setenv("NQ57_DB", str(baseline_db))

    def open_page(path: str | None = None, user=None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        if user is not None:
            at.session_state[auth.USER_KEY] = user
        at.run()
        if path:
            at.switch_page(path).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_page


def _text(at) -> str:
    return shown("\n".join(m.value for m in at.markdown))


def test_the_indicators_page_shows_the_mapping_or_that_there_is_none(page):
    at = page("app_pages/indicators.py")
    at.selectbox(key="indicators-detail").set_value("HT_5G").run()
    assert not at.exception
    text = _text(at)
    assert "**Chỉ tiêu quốc gia tương ứng**" in text
    assert "- **NQ 03**, mục 23.4: Phủ sóng 5G đạt 99% dân số — số đo gần đúng" in text
    assert "- **DTI**, Hạ tầng số (chỉ số chính) — một phần" in text
    assert "- **PII**, Cơ sở hạ tầng (trụ cột) — một phần" in text
    # What each mapping rests on, folded under its title.
    assert (
        f"- **{national.SETS['NQ03']}**: Nghị quyết 03/NQ-CP ngày 9/1/2025, sửa đổi bởi Nghị quyết 71/NQ-CP ngày "
        "1/4/2025, Phụ lục I" in text
    )
    assert "Căn cứ đối chiếu với chỉ tiêu quốc gia" in [e.label for e in at.expander]
    assert national.NONE not in text
    at.selectbox(key="indicators-detail").set_value("NV_HOANTHANH").run()
    assert not at.exception
    text = _text(at)
    assert f"**Chỉ tiêu quốc gia:** {national.NONE}" in text
    assert "Chỉ tiêu quốc gia tương ứng" not in text


def test_every_indicator_on_the_overview_says_what_it_maps_to(page, ro):
    at = page()
    texts = national.short_texts(national.mapping(ro.cursor()))
    catalogue = dict(ro.execute("select name, code from indicators").fetchall())
    # The nine cards: the last line of each card's tooltip.
    cards = board_cards.on_page(at)
    assert [c["code"] for c in cards] == [code for code, _ in board.HEADLINE]
    for card in cards:
        assert card["help"].endswith(f"\nChỉ tiêu quốc gia: {texts.get(card['code'], national.NONE_SHORT)}"), card
    assert any(c["help"].endswith("Chỉ tiêu quốc gia: Chưa gắn") for c in cards)  # the tasks done: none
    # The attention table and the other figures (folded, opened as a click does): a column, every row filled.
    at.session_state[overview.OTHERS_KEY] = True
    at.run()
    shown_rows = 0
    for table in at.table:
        frame = table.value
        assert "Chỉ tiêu quốc gia" in frame.columns
        for name, mapped in zip(frame["Chỉ tiêu"], frame["Chỉ tiêu quốc gia"], strict=True):
            code = catalogue[shown(name)]
            assert shown(mapped) == texts.get(code, national.NONE_SHORT), code
            shown_rows += 1
    assert shown_rows >= 2
    others = at.table[1].value.set_index("Chỉ tiêu")["Chỉ tiêu quốc gia"]
    assert others.loc["Tốc độ tăng trưởng GRDP"] == md("PII · Tác động (một phần)")
    assert others.loc[md("Sáng kiến, mô hình đột phá được đăng ký thực hiện")] == "Chưa gắn"


def test_the_admin_page_offers_the_export(accounts_db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[auth.USER_KEY] = ADMIN
    at.run()
    at.switch_page("app_pages/admin.py").run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(t.value for t in at.dataframe if "Mã chỉ tiêu quốc gia" in t.value.columns)
    assert len(table) == len(csv_rows())
    assert table.set_index("Mã chỉ tiêu của tỉnh").loc["GRDP_TANGTRUONG", "Số liệu của tỉnh"] == "9,6%"
    buttons = [b for b in at.get("download_button") if "admin-national-download" in b.proto.id]
    assert len(buttons) == 1
