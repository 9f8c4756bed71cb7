"""The two appendices of the quarterly report: every task with its state and evidence, every indicator with its
figure, target, status, reporting unit and source, as the board shows them for the quarter."""

import pandas as pd

from nq57 import board, fmt, task_rules, tasks
from nq57.pack import common
from nq57.report.content import NOTHING, Appendix, Table, figure, num, source_text, target, text


def _evidence(row) -> str:
    """The latest report of a task (file, sheet and row), or where it was assigned when none came yet."""
    if common.missing(row["update_file"]):
        return f"Chưa có báo cáo; giao tại {tasks.cited(row)}"
    where = f"Tệp “{text(row['update_file'])}”"
    if not common.missing(row["update_sheet"]):
        where += f", sheet “{text(row['update_sheet'])}”"
    if not common.missing(row["update_row"]):
        where += f", dòng {int(row['update_row'])}"
    return f"{where} ({tasks.report_day(row['report_date'])})"


def _state(row) -> str:
    said = text(row["state_label"])
    if not common.missing(row["days_overdue"]) and row["state"] in task_rules.PAST_DUE:
        said += f" ({num(row['days_overdue'])} ngày)"
    return said


def task_table(reg: pd.DataFrame) -> Appendix:
    headers = ["STT", "Mã", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Trạng thái", "Căn cứ"]
    rows, groups, n = [], set(), 0
    for (plan, code, name), part in reg.groupby(["plan", "group_code", "group_name"], sort=False, dropna=False):
        groups.add(len(rows))
        rows.append(["", "", f"{plan} · {text(code)}. {text(name)}", "", "", "", "", ""])
        for _, row in part.iterrows():
            n += 1
            deadline = text(row["deadline_text"], fmt.date(row["deadline"]))
            rows.append(
                [num(n), text(row["code"]), text(row["name"]), text(row["lead"]), text(row["partners"]), deadline,
                 _state(row), _evidence(row)]
            )  # fmt: skip
    note = (
        "Trạng thái theo quy tắc của bảng điều hành (mục “Cách đánh giá trạng thái”); căn cứ là tệp, sheet và dòng "
        "của báo cáo gần nhất về nhiệm vụ."
    )
    if not rows:
        rows = [["", "", f"Sổ theo dõi nhiệm vụ {NOTHING}.", "", "", "", "", ""]]
    widths = [1.1, 2.1, 7.2, 3.2, 3.2, 2.4, 2.8, 3.7]
    return Appendix(
        "01", "DANH MỤC NHIỆM VỤ VÀ TÌNH HÌNH THỰC HIỆN", note, Table(headers, rows, widths, frozenset(groups))
    )


INDICATOR_HEADERS = [
    "STT", "Mã", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu, thời hạn", "Giá trị", "Kỳ số liệu", "Đánh giá",
    "Đơn vị báo cáo", "Nguồn",
]  # fmt: skip


def _indicator_row(row, number: int, reporters: dict[str, str], national: str = "") -> list[str]:
    name = text(row["name"]) + (f" [{national}]" if national else "")
    has_value = not pd.isna(row["value"])
    return [
        num(number), text(row["code"]), name, text(row["unit_of_measure"]),
        target(row) if row["status"] != board.NO_TARGET else fmt.DASH, figure(row),
        text(row["period_label"]) if has_value else fmt.DASH, text(row["status_label"]),
        reporters.get(row["code"], "Chưa giao"), source_text(row["source"]) if has_value else fmt.DASH,
    ]  # fmt: skip


def indicator_table(frame: pd.DataFrame, reporters: dict[str, str], mapping: pd.DataFrame | None) -> Appendix:
    """Every indicator of the board, by the plan's groups; or, with a mapping (nq57.national.mapping), by national
    set: an indicator under each national indicator it maps to, the rest at the end. STT is the indicator's number
    on the board wherever it appears (the body cites it)."""
    numbers = {code: i for i, code in enumerate(frame["code"], start=1)}
    rows, groups = [], set()
    blank = [""] * (len(INDICATOR_HEADERS) - 3)
    if mapping is None:
        for (code, name), part in frame.groupby(["group_code", "group_name"], sort=False, dropna=False):
            groups.add(len(rows))
            rows.append(["", "", f"{text(code)}. {text(name)}", *blank])
            rows += [_indicator_row(r, numbers[r["code"]], reporters) for _, r in part.iterrows()]
        note = "Theo nhóm của Kế hoạch; số liệu, kỳ và đánh giá là của bảng điều hành cho cùng kỳ báo cáo."
    else:
        by_code = frame.set_index("code", drop=False)
        for set_name, part in mapping[mapping["indicator_code"].isin(by_code.index)].groupby("set_name", sort=False):
            groups.add(len(rows))
            rows.append(["", "", text(set_name), *blank])
            for m in part.itertuples(index=False):
                said = f"{text(m.national_code)} {text(m.national_name)}; {text(m.relation_label)}"
                rows.append(_indicator_row(by_code.loc[m.indicator_code], numbers[m.indicator_code], reporters, said))
        rest = frame[~frame["code"].isin(mapping["indicator_code"])]
        if len(rest):
            groups.add(len(rows))
            rows.append(["", "", "Chưa gắn với chỉ tiêu quốc gia nào", *blank])
            rows += [_indicator_row(r, numbers[r["code"]], reporters) for _, r in rest.iterrows()]
        note = (
            "Theo bộ chỉ tiêu quốc gia: mã, tên và quan hệ trong ngoặc vuông; nguồn của bảng đối chiếu tại dữ liệu gốc."
        )
    if not rows:
        rows = [["", "", f"Danh mục chỉ tiêu {NOTHING}.", *blank]]
    widths = [1.1, 3.0, 4.9, 1.3, 2.5, 2.0, 1.9, 2.2, 2.7, 4.1]
    return Appendix(
        "02", "CÁC CHỈ TIÊU VÀ SỐ LIỆU THỰC HIỆN", note, Table(INDICATOR_HEADERS, rows, widths, frozenset(groups))
    )
