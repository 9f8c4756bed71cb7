"""A filled monthly return template imports as it was filled; rows left blank are skipped, a blank one refused."""

import datetime as dt
import io

import pytest

from nq57.importer import commit, prepare
from nq57.problems import WorkbookRejected
from tests.conftest import table_snapshot
from tests.templates import book, cell, header, records, template


def fill(
    data: bytes,
    observations: dict[str, dict] | None = None,
    tasks: dict[str, dict] | None = None,
    villages: dict[str, dict] | None = None,
    new_villages: tuple[dict, ...] = (),
    prepared_by: str = "Lò Văn Minh",
) -> bytes:
    """The template as a clerk fills it: {code: {column label: value}} per sheet, new villages in the blank rows."""
    wb = book(data)
    cell(wb["Thông tin"], "Mục", "Người lập", "Giá trị").value = prepared_by
    for sheet, key_label, rows in (
        ("Số liệu", "Mã chỉ tiêu", observations),
        ("Tiến độ nhiệm vụ", "Mã nhiệm vụ", tasks),
        ("Thôn, bản", "Mã thôn, bản", villages),
    ):
        for code, values in (rows or {}).items():
            for label, value in values.items():
                target = cell(wb[sheet], key_label, code, label)
                assert target.protection.locked is False, f"{sheet}: {code} / {label} is locked"
                target.value = value
    if new_villages:
        ws = wb["Thôn, bản"]
        cols = header(ws)
        blank = [r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=cols["Tên thôn, bản"]).value is None]
        for r, values in zip(blank, new_villages, strict=False):
            for label, value in values.items():
                ws.cell(row=r, column=cols[label]).value = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def every_indicator(data: bytes, by_measure: dict[str, object]) -> dict[str, dict]:
    """A value for every indicator row of a template, by its kind (read from its unit of measure)."""
    rows = records(book(data)["Số liệu"])
    return {r["Mã chỉ tiêu"]: {"Giá trị": by_measure[r["Đơn vị tính"]]} for r in rows}


# --- the round trip: a filled template imports as it was filled --------------------------------


def import_filled(con, data: bytes, archive, now: dt.datetime):
    prepared = prepare(con, data, "bao_cao.xlsx", now=now)
    result = commit(con, prepared, "Lò Văn Minh", archive, now=now)
    return prepared, result


def test_round_trip_with_numbers(loaded, tmp_path):
    data = template(loaded, "03434")
    figures = every_indicator(data, {"%": 50})
    figures["TTHC_TRUCTUYEN"] = {"Tử số": 45, "Mẫu số": 60}  # the rate computed from its parts
    figures["VNEID"] = {"Giá trị": 62.5, "Ghi chú": "Theo Công an xã"}
    filled = fill(
        data,
        observations=figures,
        tasks={
            "32KH-17": {"Trạng thái": "Đã hoàn thành", "Ngày hoàn thành": dt.date(2026, 5, 15)},
            "32KH-18": {"Trạng thái": "Đang thực hiện", "Tiến độ (%)": 60, "Ghi chú": "Đã lập 5 tổ"},
            "01TB-01": {"Trạng thái": "Chưa triển khai"},
        },
        villages={"BAN-004": {"Sóng di động": "4G", "Cáp quang": "Có", "Điện lưới": "Có"}},
        new_villages=({"Tên thôn, bản": "Bản Mới", "Sóng di động": "Sóng chập chờn", "Cáp quang": "Không"},),
    )
    prepared, result = import_filled(loaded, filled, tmp_path, dt.datetime(2026, 5, 20, 9, 30))
    assert prepared.warnings == []
    assert (prepared.unit_code, prepared.period) == ("03434", "2026-05")
    assert result.row_counts == {"observations": 5, "task_updates": 3, "villages": 3}

    values = dict(
        loaded.execute(
            "select indicator_code, value from current_observations where unit_code = '03434' and period = '2026-05'"
        ).fetchall()
    )
    assert values == {
        "TTHC_TRUCTUYEN": 75.0,
        "VNEID": 62.5,
        "HT_4G_THON": 50.0,
        "CBX_MAYTINH_CKS": 50.0,
        "NL_CBCCXA_KNS": 50.0,
    }
    tasks = loaded.execute(
        "select task_code, status, completed_on, progress, note from current_task_updates order by task_code"
    ).fetchall()
    assert tasks == [
        ("01TB-01", "not_started", None, None, None),
        ("32KH-17", "done", dt.date(2026, 5, 15), 100.0, None),
        ("32KH-18", "in_progress", None, 60.0, "Đã lập 5 tổ"),
    ]
    villages = loaded.execute(
        "select name, mobile, fibre, grid_power, reported_period from current_villages "
        "where commune_code = '03434' order by name"
    ).fetchall()
    assert villages == [
        ("Bản Mới", "patchy", False, None, "2026-05"),
        ("Nậm Po", "4g", True, True, "2026-05"),
        ("Pá De", "none", None, None, "2026-05"),
    ]


def test_next_month_carries_what_was_reported(loaded, tmp_path):
    may = fill(
        template(loaded, "03434"),
        observations=every_indicator(template(loaded, "03434"), {"%": 40}),
        tasks={code: {"Trạng thái": "Đang thực hiện", "Tiến độ (%)": 30} for code in ("32KH-17", "32KH-18", "01TB-01")},
        villages={"BAN-007": {"Sóng di động": "3G"}},
    )
    import_filled(loaded, may, tmp_path, dt.datetime(2026, 5, 25, 8, 0))
    june = book(template(loaded, "03434", "2026-06"))
    vneid = {r["Mã chỉ tiêu"]: r for r in records(june["Số liệu"])}["VNEID"]
    assert (vneid["Giá trị kỳ trước"], vneid["Kỳ trước"], vneid["Giá trị"]) == ("40%", "Tháng 5/2026", None)
    task = {r["Mã nhiệm vụ"]: r for r in records(june["Tiến độ nhiệm vụ"])}["32KH-18"]
    assert (task["Trạng thái"], task["Tiến độ (%)"]) == ("Đang thực hiện", 30)
    assert task["Báo cáo gần nhất"] == "Đang thực hiện, 30% (Tháng 5/2026)"
    village = {r["Mã thôn, bản"]: r for r in records(june["Thôn, bản"])}["BAN-007"]
    assert (village["Sóng di động"], village["Cập nhật gần nhất"]) == ("3G", "Tháng 5/2026")

    # June's template with the figures typed and the rest left as carried forward imports as it stands.
    filled = fill(
        template(loaded, "03434", "2026-06"),
        observations=every_indicator(template(loaded, "03434", "2026-06"), {"%": 45}),
    )
    prepared, _ = import_filled(loaded, filled, tmp_path, dt.datetime(2026, 6, 20, 8, 0))
    assert set(prepared.preview["task_updates"]["change"]) == {"unchanged"}
    assert loaded.execute("select progress from current_task_updates where task_code = '32KH-18'").fetchone() == (30,)


def test_a_later_report_is_not_carried_back_into_an_earlier_months_template(loaded, tmp_path):
    """Found by the any-return property test: after July's return reported a task done on 19/7, February's template
    came prefilled with that completion, and sending it back was refused ("sau kỳ báo cáo")."""
    july = fill(
        template(loaded, "03434", "2026-07"),
        observations=every_indicator(template(loaded, "03434", "2026-07"), {"%": 40}),
        tasks={"32KH-18": {"Trạng thái": "Đã hoàn thành", "Ngày hoàn thành": dt.date(2026, 7, 19)}},
        villages={"BAN-007": {"Sóng di động": "4G"}},
    )
    import_filled(loaded, july, tmp_path, dt.datetime(2026, 7, 25, 8, 0))
    february = book(template(loaded, "03434", "2026-02"))
    task = {r["Mã nhiệm vụ"]: r for r in records(february["Tiến độ nhiệm vụ"])}["32KH-18"]
    assert (task["Trạng thái"], task["Ngày hoàn thành"], task["Báo cáo gần nhất"]) == (None, None, "Chưa có báo cáo")
    village = {r["Mã thôn, bản"]: r for r in records(february["Thôn, bản"])}["BAN-007"]
    assert (village["Sóng di động"], village["Cập nhật gần nhất"]) == ("Không có sóng", "Dữ liệu gốc")
    filled = fill(
        template(loaded, "03434", "2026-02"),
        observations=every_indicator(template(loaded, "03434", "2026-02"), {"%": 30}),
    )
    import_filled(loaded, filled, tmp_path, dt.datetime(2026, 7, 26, 8, 0))  # taken as it stands
    august = {r["Mã nhiệm vụ"]: r for r in records(book(template(loaded, "03434", "2026-08"))["Tiến độ nhiệm vụ"])}
    assert august["32KH-18"]["Trạng thái"] == "Đã hoàn thành"  # a later month still carries it forward


def test_round_trip_with_vietnamese_text(loaded, tmp_path):
    data = template(loaded, "SKHCN", "2026-06")
    kinds = {"%": "45,5", "bản": "5", "thôn/bản": "1.234", "bài toán": "3", "sáng kiến": "12", "chỉ số": "0,72"}
    figures = every_indicator(data, kinds)
    figures["HT_5G"] = {"Giá trị": "45,5%"}
    figures["DVC_TOANTRINH"] = {"Tử số": "1.234", "Mẫu số": "1.500"}
    filled = fill(
        data,
        observations=figures,
        tasks={
            "32KH-03": {"Trạng thái": "Đã hoàn thành", "Ngày hoàn thành": "30/6/2026"},
            "32KH-04": {"Trạng thái": "đang thực hiện", "Tiến độ (%)": "45,5%"},
            "32KH-26": {"Trạng thái": "Đang thực hiện", "Tiến độ (%)": "60"},
            "01TB-01": {"Trạng thái": "Đã hoàn thành", "Ngày hoàn thành": "2026-04-28"},
        },
    )
    prepared, result = import_filled(loaded, filled, tmp_path, dt.datetime(2026, 6, 29, 16, 0))
    assert result.row_counts == {"observations": len(figures), "task_updates": 4}
    values = dict(
        loaded.execute(
            "select indicator_code, value from current_observations where unit_code = '12' and period = '2026-06'"
        ).fetchall()
    )
    assert values["HT_5G"] == 45.5
    assert values["TTHC_SOHOA"] == 45.5
    assert values["THON_CHUA_CAPQUANG"] == 1234
    assert values["CDS_CHISO"] == 0.72
    assert values["DVC_TOANTRINH"] == pytest.approx(82.2666, abs=1e-3)
    tasks = loaded.execute(
        "select task_code, status, completed_on, progress from current_task_updates order by task_code"
    ).fetchall()
    assert tasks == [
        ("01TB-01", "done", dt.date(2026, 4, 28), 100.0),
        ("32KH-03", "done", dt.date(2026, 6, 30), 100.0),
        ("32KH-04", "in_progress", None, 45.5),
        ("32KH-26", "in_progress", None, 60.0),
    ]


# --- a template left blank, in whole or in part -------------------------------------------------

# A clerk fills only what changed: rows left as the template prefilled them are skipped by the reader, and a
# return in which nothing differs from the store is refused with one message.


def test_a_blank_template_writes_nothing(loaded):
    before = {t: table_snapshot(loaded, t) for t in ("uploads", "observations", "task_updates", "village_reports")}
    for unit in ("SKHCN", "03434"):
        with pytest.raises(WorkbookRejected):
            prepare(loaded, template(loaded, unit), "mau_chua_dien.xlsx")
    assert {t: table_snapshot(loaded, t) for t in before} == before


def test_rows_left_blank_are_skipped(loaded, tmp_path):
    data = fill(template(loaded, "SKHCN"), observations={"BAN_CHUA_BRDD": {"Giá trị": "5"}})
    prepared, result = import_filled(loaded, data, tmp_path, dt.datetime(2026, 5, 20, 9, 30))
    assert result.row_counts == {"observations": 1}
    assert list(prepared.preview["observations"]["change"]) == ["new"]


def test_an_untouched_agency_template_is_refused_with_one_message(loaded):
    with pytest.raises(WorkbookRejected) as refused:
        prepare(loaded, template(loaded, "SKHCN"), "mau_chua_dien.xlsx")
    assert [str(p) for p in refused.value.problems] == [
        "Tệp không có dòng số liệu nào (các trang Số liệu, Tiến độ nhiệm vụ, Thôn, bản đều trống)."
    ]


def test_an_untouched_commune_template_is_refused_with_one_message(loaded):
    with pytest.raises(WorkbookRejected) as refused:
        prepare(loaded, template(loaded, "03434"), "mau_chua_dien.xlsx")
    problems = refused.value.problems
    assert len(problems) == 1 and problems[0].row is None, [str(p) for p in problems]
