"""The baseline against the three documents: every figure as written, each with its source."""

import datetime as dt
import re
import unicodedata

import pytest

from nq57 import baseline, paths
from nq57.excel import read_workbook

D2025 = dt.date(2025, 12, 31)


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).rstrip(".;")


def test_committed_workbook_matches_the_transcriptions(tmp_path):
    """data/nq57_baseline.xlsx is rebuilt byte for byte from data/baseline/*.csv (run `make baseline`).

    openpyxl writes through lxml when it is installed (python-pptx pulls it in), so the bytes depend on the
    pinned requirements: rebuild after changing them.
    """
    rebuilt = baseline.build(tmp_path / "b.xlsx")
    assert rebuilt.read_bytes() == paths.BASELINE_XLSX.read_bytes()


def test_baseline_workbook_reads_without_problems():
    parsed = read_workbook(paths.BASELINE_XLSX)
    assert parsed.problems == []
    assert parsed.info["kind"] == "baseline"


def test_twenty_targets_of_351_for_end_2025(ro, seed_text):
    rows = ro.execute(
        "select indicator_code, comparator, target_value, deadline, wording, source_ref from targets "
        "where source_doc = '351-KH/TU' order by row_number"
    ).fetchall()
    assert len(rows) == 20
    assert {r[3] for r in rows} == {D2025}
    refs = [int(re.search(r"\((\d+)\)", r[5]).group(1)) for r in rows]
    assert refs == list(range(1, 21))
    by_code = {r[0]: (r[1], r[2]) for r in rows}
    assert by_code["HT_5G"] == (">=", 45)
    assert by_code["KTS_GRDP"] == (">=", 6.5)
    assert by_code["CDS_CHISO"] == (">=", 0.65)
    assert by_code["CHI_KHCN_NGANSACH"] == (">=", 3.0)
    assert by_code["CB_LANHDAO_KHKT"] == (">=", 25)
    text = norm(seed_text("004"))
    for r in rows:
        assert norm(r[4]) in text, r[4]


def test_targets_of_2026_from_32_KH_TU(ro, seed_text):
    rows = ro.execute(
        "select indicator_code, target_value, deadline, wording from targets where source_doc = '32-KH/TU'"
    ).fetchall()
    got = {(r[0], r[1], r[2]) for r in rows}
    for expected in [
        ("KTS_GRDP", 7, dt.date(2026, 12, 31)),
        ("TFP_DONGGOP", 37.6, dt.date(2026, 12, 31)),
        ("HT_4G_THON", 100, dt.date(2026, 6, 30)),
        ("HT_5G_TRUNGTAM", 100, dt.date(2026, 6, 30)),
        ("CBX_MAYTINH_CKS", 100, dt.date(2026, 6, 30)),
        ("BAITOAN_LON", 3, dt.date(2026, 9, 30)),
        ("TTHC_SOHOA", 90, dt.date(2026, 12, 31)),
    ]:
        assert expected in got
    text = norm(seed_text("003"))
    for r in rows:
        assert norm(r[3]) in text, r[3]


def test_an_indicator_can_have_several_targets_over_time(ro):
    rows = ro.execute(
        "select target_value, deadline, source_doc from targets where indicator_code = 'KTS_GRDP' order by deadline"
    ).fetchall()
    assert rows == [(6.5, D2025, "351-KH/TU"), (7.0, dt.date(2026, 12, 31), "32-KH/TU")]


def test_forty_tasks_of_appendix_02_in_ten_groups(ro, seed_text):
    rows = ro.execute(
        "select group_code, count(*) from tasks where plan = '32-KH/TU' group by group_code order by group_code"
    ).fetchall()
    assert dict(rows) == {
        "I": 2, "II": 3, "III": 3, "IV": 7, "V": 9, "VI": 2, "VII": 6, "VIII": 4, "IX": 2, "X": 2,
    }  # fmt: skip
    text = norm(seed_text("003"))
    names = ro.execute("select name from tasks where plan = '32-KH/TU'").fetchall()
    for (name,) in names:
        assert norm(name) in text, name
    task16 = ro.execute(
        "select lead_text, partner_text, deadline_text, deadline from tasks where code = '32KH-16'"
    ).fetchone()
    assert task16 == ("Đảng ủy UBND tỉnh", "Đảng ủy các xã, phường", "30/6/2026", dt.date(2026, 6, 30))
    t26 = ro.execute(
        "select list(unit_code order by unit_code) from task_agencies where task_code = '32KH-26' and role = 'lead'"
    ).fetchone()[0]
    assert {"VIETTEL", "VNPT", "MOBIFONE", "VPTU"} <= set(t26)


def test_deadlines_resolve_to_their_last_day(ro):
    rows = dict(ro.execute("select code, deadline from tasks where plan = '32-KH/TU'").fetchall())
    assert rows["32KH-03"] == dt.date(2026, 1, 31)  # Tháng 01/2026
    assert rows["32KH-09"] == dt.date(2026, 9, 30)  # Quý III/2026
    assert rows["32KH-35"] == dt.date(2026, 12, 31)  # Quý IV/2026
    assert rows["32KH-04"] is None  # Thường xuyên
    recurring = ro.execute("select count(*) from tasks where plan = '32-KH/TU' and recurring").fetchone()[0]
    assert recurring == 19  # 18 'Thường xuyên' and 1 'Hàng quý'


def test_tasks_of_notice_01_TB_with_their_deadlines(ro, seed_text):
    rows = dict(
        ro.execute("select deadline_text, count(*) from tasks where plan = '01-TB/CQTTBCD' group by 1").fetchall()
    )
    assert rows["trước ngày 30/4/2026"] == 5
    assert rows["trước ngày 31/5/2026"] == 1
    assert rows["trong tháng 5/2026"] == 1
    assert rows["Quý III/2026"] == 1
    assert rows["Quý II/2026"] == 1
    ocr = seed_text("002")
    assert ocr.count("30/4/2026") == 5  # four tasks plus the four villages


@pytest.mark.parametrize(
    ("code", "value", "denominator", "ocr"),
    [
        ("NV_HOANTHANH", 137, 240, "137/240"),
        ("SK_DANGKY", 121, None, "121 sang kién"),
        ("SK_THUNGHIEM", 4, None, "04 sang kién thir nghiem"),
        ("BAN_CHUA_BRDD", 8, None, "con 08 ban"),
        ("BAN_CHUA_BRDD_DIEN", 3, None, "03 ban chua co dién"),
        ("THON_CHUA_CAPQUANG", 109, None, "109 thon"),
        ("GRDP_TANGTRUONG", 9.6, None, "dat 9,6%"),
        ("GRDP_HANG_CANUOC", 9, None, "xép thir 9"),
        ("GRDP_HANG_VUNG", 2, None, "thtr 2 vung"),
        ("XLVB_DIENTU_HANG", 4, 58, "thir 4/58"),
        ("DLDV_CHUANHOA_HANG", 7, 38, "7/38"),
        ("NV_HOANTHANH_QUAHAN", 1, None, "01 nhiém vy da hoan thanh qua han"),
    ],
)
def test_q1_2026_results_of_01_TB(ro, seed_text, code, value, denominator, ocr):
    row = ro.execute(
        "select value, denominator, period, period_end, source_doc from observations where indicator_code = ?", [code]
    ).fetchone()
    assert row == (value, denominator, "2026-Q1", dt.date(2026, 3, 31), "01-TB/CQTTBCD")
    assert ocr in seed_text("002")


def test_villages_without_signal(ro):
    rows = ro.execute(
        "select v.name, c.name, v.close_by, v.mobile, v.coords_exact, v.lat is not null "
        "from villages v left join units c on c.code = v.commune_code order by v.code"
    ).fetchall()
    assert len(rows) == 8
    assert {r[3] for r in rows} == {"none"}
    assert [r[1] for r in rows] == [
        "Xã Tà Tổng", "Xã Lê Lợi", "Xã Mường Mô", "Xã Nậm Hàng",
        "Xã Tủa Sín Chải", "Xã Khoen On", "Xã Nậm Hàng", None,
    ]  # fmt: skip
    assert [r[2] for r in rows].count(dt.date(2026, 4, 30)) == 4
    assert [r[0] for r in rows][:4] == ["Tia Ma Mủ", "Pá Pon", "Huổi Linh", "Nậm Po"]
    assert rows[7][0] == "(Chưa nêu tên)" and rows[7][5] is False
    assert all(r[4] is False for r in rows)  # no public source locates them: all approximate
    assert all(r[5] for r in rows[:7])  # placed at their commune's label point


def test_units_communes_and_agencies(ro):
    kinds = dict(ro.execute("select kind, count(*) from units group by kind").fetchall())
    assert kinds["commune"] == 36 and kinds["ward"] == 2 and kinds["province"] == 1
    names = {r[0] for r in ro.execute("select name from units where kind = 'agency'").fetchall()}
    for agency in [
        "Đảng ủy UBND tỉnh",
        "Văn phòng Tỉnh ủy",
        "Ban Tổ chức Tỉnh ủy",
        "Công an tỉnh",
        "Sở Khoa học và Công nghệ",
        "Sở Tài chính",
        "Sở Giáo dục và Đào tạo",
    ]:
        assert agency in names
    assert (
        ro.execute("select count(*) from units where kind in ('commune','ward') and parent_code = '12'").fetchone()[0]
        == 38
    )


def test_every_fact_names_its_source(ro):
    for table, column in [("targets", "source_doc"), ("observations", "source_doc"), ("villages", "source_doc")]:
        missing = ro.execute(f"select count(*) from {table} where {column} is null").fetchone()[0]
        assert missing == 0, table
    unknown = ro.execute(
        "select count(*) from (select source_doc from targets union all select source_doc from observations "
        "union all select plan from tasks) s where source_doc not in (select code from documents)"
    ).fetchone()[0]
    assert unknown == 0
    upload = ro.execute("select kind, uploaded_by, length(sha256) from uploads").fetchall()
    assert upload == [("baseline", "baseline", 64)]


def test_tasks_of_01_TB_that_restate_a_task_of_32_KH_TU(ro):
    """Four tasks of the notice restate a task of the 2026 plan; each pair shares what the work is about."""
    pairs = ro.execute(
        "select t.code, t.restates, t.name, o.name, o.product from tasks t join tasks o on o.code = t.restates "
        "order by t.code"
    ).fetchall()
    assert [(a, b) for a, b, *_ in pairs] == [
        ("01TB-01", "32KH-03"),  # the 2026 plan for Resolution 57
        ("01TB-02", "32KH-17"),  # an IT officer in every commune
        ("01TB-06", "32KH-16"),  # 4G for every village
        ("01TB-25", "32KH-21"),  # the data catalogue, "đúng, đủ, sạch, sống, liên thông"
    ]
    shared = ["Kế hoạch thực hiện Nghị quyết số 57-NQ/TW", "công nghệ thông tin", "100% thôn, bản", "sạch, sống"]
    for (_, _, name, original, product), words in zip(pairs, shared, strict=True):
        assert words in name and words in f"{original} {product}", words
