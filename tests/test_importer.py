"""The import path shared by the baseline and the returns: all or nothing, every problem named, nothing lost."""

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from nq57 import paths, workbook_format
from nq57.current import drift
from nq57.importer import RollbackRefused, commit, import_workbook, prepare, rollback
from nq57.problems import WorkbookRejected
from tests.conftest import table_snapshot
from tests.workbooks import return_workbook

TABLES = ("uploads", "observations", "targets", "tasks", "task_updates", "villages", "village_reports", "units")
MAY = dt.datetime(2026, 5, 20, 9, 30)


def five_g(value, period="2026-05") -> bytes:
    """A return of the provincial 5G coverage by the department that reports it."""
    return return_workbook(
        "SKHCN", period, observations=[{"indicator_code": "HT_5G", "unit_code": "12", "value": value}]
    )


def snapshot(con):
    return {t: table_snapshot(con, t) for t in TABLES}


def current(con, indicator="HT_5G", unit="12", period="2026-05"):
    row = con.execute(
        "select value from current_observations where indicator_code = ? and unit_code = ? and period = ?",
        [indicator, unit, period],
    ).fetchone()
    return row[0] if row else None


def rejected(con, data: bytes) -> list[str]:
    before = snapshot(con)
    with pytest.raises(WorkbookRejected) as info:
        import_workbook(con, data, "bad.xlsx", "clerk", now=MAY)
    assert snapshot(con) == before, "a rejected file must change nothing"
    return [str(p) for p in info.value.problems]


def test_baseline_import_counts_and_provenance(mem, archive):
    data = paths.BASELINE_XLSX.read_bytes()
    result = import_workbook(mem, data, "nq57_baseline.xlsx", "baseline", archive)
    assert result.row_counts == {
        "documents": 3, "units": 62, "indicators": 40, "targets": 33, "tasks": 66, "national_map": 41,
        "observations": 12, "villages": 8,
    }  # fmt: skip
    provenance = mem.execute(
        "select sheet, row_number from observations where indicator_code = 'NV_HOANTHANH'"
    ).fetchone()
    assert provenance == ("Số liệu", 2)
    archived = list(archive.iterdir())
    assert [p.read_bytes() for p in archived] == [data]  # kept exactly as it came, named by its checksum


def test_same_file_twice_is_recognised(loaded):
    problems = rejected(loaded, paths.BASELINE_XLSX.read_bytes())
    assert problems[0].startswith("Tệp này đã được nhập ngày")
    assert "(lần nhập số 1, tệp “nq57_baseline.xlsx”, người nhập baseline)" in problems[0]


def test_not_an_excel_file(loaded):
    problems = rejected(loaded, b"hello, this is a text file")
    assert problems == ["Tệp không phải sổ tính Excel (.xlsx). Hãy tải mẫu báo cáo và điền vào mẫu."]


def test_truncated_workbook(loaded):
    data = paths.BASELINE_XLSX.read_bytes()
    assert "hỏng" in rejected(loaded, data[: len(data) // 2])[0]


def test_every_bad_cell_is_named_with_sheet_row_and_column(loaded):
    data = return_workbook(
        "SKHCN",
        "2026-05",
        observations=[
            {"indicator_code": "HT_5G", "unit_code": "12", "value": "mười"},  # text where a number belongs
            {"indicator_code": "KHONG_CO", "unit_code": "12", "value": 5},  # unknown indicator
            {"indicator_code": "DVC_TOANTRINH", "unit_code": "12", "value": 120},  # a percentage over 100
            {"indicator_code": "TTHC_TRUCTUYEN", "unit_code": "99999", "value": 50},  # unknown commune code
            {"indicator_code": "TTHC_SOHOA", "unit_code": "12", "numerator": 50, "denominator": 40},
            {"indicator_code": "HT_BRCD_1GBPS", "unit_code": "12", "period": "2026-04", "value": 30},
            {"indicator_code": "HT_5G_TRUNGTAM", "unit_code": "12", "period": "tháng 5", "value": 99},  # no period
        ],
    )
    problems = rejected(loaded, data)
    number = "cần số (ví dụ 45,5 hoặc 1.234)."
    assert problems == [
        f"Trang “Số liệu”, dòng 2, cột “Giá trị”: giá trị “mười” không hợp lệ; {number}",
        "Trang “Số liệu”, dòng 3, cột “Mã chỉ tiêu”: Mã chỉ tiêu “KHONG_CO” không có trong danh mục.",
        "Trang “Số liệu”, dòng 4, cột “Giá trị”: tỷ lệ 120% nằm ngoài khoảng 0–100.",
        "Trang “Số liệu”, dòng 5, cột “Mã đơn vị”: Mã đơn vị “99999” không có trong danh mục.",
        "Trang “Số liệu”, dòng 5, cột “Mã đơn vị”: dòng báo cáo cho đơn vị “99999”, "
        "đơn vị “SKHCN” chỉ báo cáo chỉ tiêu này cho toàn tỉnh (mã “12”).",
        "Trang “Số liệu”, dòng 6, cột “Tử số”: tử số (50) lớn hơn mẫu số (40).",
        "Trang “Số liệu”, dòng 7, cột “Kỳ”: kỳ “2026-04” khác kỳ của báo cáo (2026-05).",
        "Trang “Số liệu”, dòng 8, cột “Kỳ”: kỳ “tháng 5” không hợp lệ; cần dạng 2026-03 (tháng), 2026-Q1 (quý) "
        "hoặc 2026.",
        "Trang “Số liệu”, dòng 8, cột “Kỳ”: kỳ “tháng 5” khác kỳ của báo cáo (2026-05).",
    ]


def test_missing_column(loaded):
    data = five_g(1)
    wb = load_workbook(io.BytesIO(data))
    wb["Số liệu"]["D1"] = "Giá trị cũ"
    wb["Số liệu"]["A1"] = "Mã chỉ tiêu cũ"
    buffer = io.BytesIO()
    wb.save(buffer)
    missing = "Trang “Số liệu”, cột “Mã chỉ tiêu”: Thiếu cột bắt buộc “Mã chỉ tiêu”."
    assert rejected(loaded, buffer.getvalue()) == [missing]


def test_a_return_cannot_change_the_catalogue(loaded):
    data = load_workbook(paths.BASELINE_XLSX)
    data["Thông tin"]["B2"] = "return"
    data["Thông tin"]["B3"] = "SKHCN"
    data["Thông tin"].append(["Kỳ báo cáo", "2026-05"])
    buffer = io.BytesIO()
    data.save(buffer)
    problems = rejected(loaded, buffer.getvalue())
    assert (
        "Trang “Danh mục chỉ tiêu”: Báo cáo tháng không được chứa trang “Danh mục chỉ tiêu”; "
        "danh mục do quản trị viên cập nhật."
    ) in problems


def test_a_clerk_reports_only_for_its_own_unit_and_tasks(loaded):
    data = return_workbook(
        "03463",
        "2026-05",
        observations=[{"indicator_code": "VNEID", "unit_code": "03472", "value": 40}],
        task_updates=[{"task_code": "32KH-21", "status": "Đang thực hiện"}],
    )
    problems = rejected(loaded, data)
    assert problems == [
        "Trang “Số liệu”, dòng 2, cột “Mã đơn vị”: dòng báo cáo cho đơn vị “03472”, "
        "không phải đơn vị lập báo cáo “03463”.",
        "Trang “Tiến độ nhiệm vụ”, dòng 2, cột “Mã nhiệm vụ”: đơn vị “03463” không chủ trì nhiệm vụ “32KH-21”.",
    ]


def test_a_return_lands_with_provenance_and_archive(loaded, archive):
    data = return_workbook(
        "SKHCN",
        "2026-05",
        observations=[
            {"indicator_code": "HT_5G", "unit_code": "12", "value": "45,5%"},
            {"indicator_code": "BAN_CHUA_BRDD", "unit_code": "12", "value": 6},
            {"indicator_code": "DVC_TOANTRINH", "unit_code": "12", "numerator": "1.234", "denominator": 1500},
        ],
    )
    prepared = prepare(loaded, data, "bao_cao_thang_5.xlsx", now=MAY)
    preview = prepared.preview["observations"].set_index("indicator_code")
    assert list(preview["change"]) == ["new", "new", "new"]  # May has no figures yet (8 was for Q1)
    result = commit(loaded, prepared, "Nguyễn Văn A", archive, now=MAY)
    assert result.row_counts == {"observations": 3}
    row = loaded.execute(
        "select o.value, o.period_end, u.file_name, u.uploaded_by, u.unit_code, o.sheet, o.row_number "
        "from observations o join uploads u on u.id = o.upload_id where indicator_code = 'HT_5G'"
    ).fetchone()
    assert row == (45.5, dt.date(2026, 5, 31), "bao_cao_thang_5.xlsx", "Nguyễn Văn A", "SKHCN", "Số liệu", 2)
    assert current(loaded, "DVC_TOANTRINH") == pytest.approx(82.2666, abs=1e-3)  # computed from 1.234 / 1.500
    assert (archive / f"{prepared.sha256}.xlsx").read_bytes() == data


def test_a_later_return_supersedes_without_erasing_and_rollback_restores(loaded, archive):
    first = five_g(40)
    second = five_g(46)
    import_workbook(loaded, first, "lan1.xlsx", "clerk", archive, now=MAY)
    before_second = snapshot(loaded)
    before_current = loaded.execute("select * from current_observations order by id").fetchall()
    result = import_workbook(loaded, second, "lan2.xlsx", "clerk", archive, now=MAY)
    assert current(loaded) == 46
    history = loaded.execute("select value from observations where indicator_code = 'HT_5G' order by id").fetchall()
    assert history == [(40,), (46,)]
    rollback(loaded, result.upload_id, "admin", now=MAY)
    assert current(loaded) == 40
    assert loaded.execute("select * from current_observations order by id").fetchall() == before_current
    assert drift(loaded) == {"observations": 0, "series": 0}
    after = snapshot(loaded)
    assert after["observations"] == before_second["observations"] + [
        r for r in after["observations"] if r not in before_second["observations"]
    ]
    status = loaded.execute("select status, rolled_back_by from uploads where id = ?", [result.upload_id]).fetchone()
    assert status == ("rolled_back", "admin")
    with pytest.raises(RollbackRefused, match="đã được hoàn tác"):
        rollback(loaded, result.upload_id, "admin")
    with pytest.raises(RollbackRefused, match="sửa danh mục"):
        rollback(loaded, 1, "admin")


def test_task_updates_and_villages_in_a_commune_return(loaded, archive):
    data = return_workbook(
        "03434",
        "2026-05",
        task_updates=[
            {"task_code": "32KH-17", "status": "Đã hoàn thành", "completed_on": "15/5/2026"},
            {"task_code": "32KH-18", "status": "Đang thực hiện", "progress": "60%"},
        ],
        villages=[
            {"code": "BAN-004", "name": "Nậm Po", "mobile": "4G", "fibre": "Không", "grid_power": "Có"},
            {"name": "Bản Mới", "mobile": "Sóng chập chờn", "fibre": "Không", "grid_power": "Không"},
        ],
    )
    prepared = prepare(loaded, data, "xa_nam_hang.xlsx", now=MAY)
    assert list(prepared.preview["villages"]["change"]) == ["changed", "new"]
    import_workbook(loaded, data, "xa_nam_hang.xlsx", "clerk", archive, now=MAY)
    tasks = loaded.execute(
        "select task_code, status, completed_on, progress, period from current_task_updates order by task_code"
    ).fetchall()
    assert tasks == [
        ("32KH-17", "done", dt.date(2026, 5, 15), 100.0, "2026-05"),
        ("32KH-18", "in_progress", None, 60.0, "2026-05"),
    ]
    villages = dict(loaded.execute("select name, mobile from current_villages where commune_code = '03434'").fetchall())
    assert villages == {"Nậm Po": "4g", "Pá De": "none", "Bản Mới": "patchy"}


def test_a_bulk_load_redefines_a_village_in_place(loaded, archive):
    before = loaded.execute("select count(*) from villages").fetchall()
    data = return_workbook(
        "12",
        "2026-05",
        villages=[
            {"code": "BAN-004", "name": "Nậm Po", "commune_code": "03434", "mobile": "5G", "fibre": "Có"},
            {"code": "BAN-NEW", "name": "Bản Mới", "commune_code": "03434", "mobile": "3G", "fibre": "Không"},
        ],
        kind="bulk",
    )
    done = import_workbook(loaded, data, "thon_ban.xlsx", "quantri", archive, now=MAY)
    rows = loaded.execute(
        "select code, mobile, fibre, upload_id from villages where code in ('BAN-004', 'BAN-NEW') order by code"
    ).fetchall()
    assert rows == [("BAN-004", "5g", True, done.upload_id), ("BAN-NEW", "3g", False, done.upload_id)]
    assert loaded.execute("select count(*) from villages").fetchall() == [(before[0][0] + 1,)]
    # Given no coordinates, a village is placed at its commune's.
    commune = loaded.execute("select lat, lon from units where code = '03434'").fetchone()
    placed = loaded.execute("select lat, lon from villages where code = 'BAN-NEW'").fetchone()
    assert None not in commune and placed == commune


def test_a_bulk_load_redefines_an_indicator_in_place(loaded, archive):
    from nq57.baseline import write_workbook
    from nq57.workbook_format import INFO_FIELDS

    before = loaded.execute("select count(*) from indicators").fetchall()
    stored = loaded.execute("select unit_of_measure, measure, level, group_code from indicators where code = 'HT_5G'")
    unit_of_measure, measure, level, group = stored.fetchone()
    common = {"unit_of_measure": unit_of_measure, "measure": measure, "direction": "up", "level": level}
    buffer = io.BytesIO()
    write_workbook(
        {
            "info": [{"field": INFO_FIELDS["kind"], "value": "bulk"}],
            "indicators": [
                {"code": "HT_5G", "name": "Tỷ lệ phủ sóng 5G (tên mới)", "group_code": group} | common,
                {"code": "CT_MOI", "name": "Chỉ tiêu mới", "group_code": group} | common,
            ],
        },
        buffer,
        ["Danh mục thử"],
    )
    done = import_workbook(loaded, buffer.getvalue(), "chi_tieu.xlsx", "quantri", archive, now=MAY)
    rows = loaded.execute(
        "select code, name, upload_id from indicators where code in ('HT_5G', 'CT_MOI') order by code"
    ).fetchall()
    assert rows == [
        ("CT_MOI", "Chỉ tiêu mới", done.upload_id),
        ("HT_5G", "Tỷ lệ phủ sóng 5G (tên mới)", done.upload_id),
    ]
    assert loaded.execute("select count(*) from indicators").fetchall() == [(before[0][0] + 1,)]


def test_a_locked_month_refuses_returns(loaded):
    loaded.execute("insert into period_locks values ('2026-05', timestamp '2026-06-05 10:00', 'admin', 'họp tháng 6')")
    data = five_g(40)
    assert rejected(loaded, data) == [
        "Trang “Thông tin”: Kỳ Tháng 5/2026 đã khóa sổ ngày 5/6/2026 sau cuộc họp; "
        "không nhận thêm báo cáo cho tháng này."
    ]


def test_a_month_on_month_jump_is_a_warning(loaded, archive):
    april = five_g(20, "2026-04")
    import_workbook(loaded, april, "t4.xlsx", "clerk", archive, now=MAY)
    may = five_g(60)
    prepared = prepare(loaded, may, "t5.xlsx", now=MAY)
    assert [str(w) for w in prepared.warnings] == [
        "Trang “Số liệu”, dòng 2, cột “Giá trị”: thay đổi +40 so với tháng trước (20), vượt ngưỡng 20; "
        "hãy kiểm tra lại."
    ]
    assert json.loads(json.dumps(prepared.row_counts)) == {"observations": 1}


def test_a_task_restates_a_known_task_and_never_a_restatement(loaded):
    from nq57.baseline import write_workbook

    def task(code: str, restates: str) -> dict:
        return {
            "code": code, "plan": "01-TB/CQTTBCD", "group_code": "2.3", "name": f"Nhiệm vụ {code}",
            "lead_text": "Đảng ủy UBND tỉnh", "lead_codes": "DU_UBND", "deadline_text": "Quý IV/2026",
            "restates": restates,
        }  # fmt: skip

    buffer = io.BytesIO()
    tasks = [task("01TB-90", "32KH-99"), task("01TB-91", "01TB-91"), task("01TB-92", "01TB-06")]
    tasks.append(task("01TB-93", "01TB-92"))
    write_workbook(
        {"info": [{"field": workbook_format.INFO_FIELDS["kind"], "value": "bulk"}], "tasks": tasks}, buffer, ["Thử"]
    )
    problems = rejected(loaded, buffer.getvalue())
    assert len(problems) == 3
    assert "dòng 2" in problems[0] and "Mã nhiệm vụ “32KH-99” không có trong danh mục." in problems[0]
    assert "dòng 3" in problems[1] and "Nhiệm vụ không nhắc lại chính nó." in problems[1]
    assert "dòng 5" in problems[2] and "Nhiệm vụ “01TB-92” nhắc lại một nhiệm vụ khác" in problems[2]
