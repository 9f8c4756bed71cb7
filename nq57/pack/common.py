"""What the three writers of the meeting pack share: its inputs, colours, labels and the order of its rows."""

import math
import re

import pandas as pd

from nq57 import fmt, status, task_rules, xlsx_style
from nq57.board import HEADLINE
from nq57.periods import as_date
from nq57.xlsx_text import neutralise

# The statuses that make an indicator "chậm tiến độ, quá hạn" on the slides: the red ones.
OFF_TRACK = (status.MISSED, status.SLIPPED, status.OFF_TRACK)
_GROUP_ORDER = {g: i for i, g in enumerate(("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"))}

BOARD_COLUMNS = (
    "group_code", "group_name", "code", "name", "unit_of_measure", "value", "value_text", "period_label",
    "reported_on", "source", "target_text", "deadline", "deadline_text", "status", "status_label", "status_colour",
    "explanation", "sample",
)  # fmt: skip
HISTORY_COLUMNS = ("code", "period_end", "value", "target_value")
TASK_COLUMNS = ("code", "name", "lead", "deadline_text", "deadline", "state_label", "days_late")
VILLAGE_COLUMNS = ("name", "commune", "mobile_label", "grid_power_label", "close_by_text")

DEFAULT_TITLE = "Báo cáo tiến độ thực hiện Nghị quyết 57-NQ/TW"
TASKS_TITLE = "Nhiệm vụ đã qua hạn"
TASK_HEADERS = ["Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Trạng thái", "Số ngày kể từ hạn"]
NO_TASKS = "Không có nhiệm vụ nào đã qua hạn mà chưa báo cáo hoàn thành."
VILLAGE_HEADERS = ["Thôn, bản", "Xã", "Sóng di động", "Điện lưới", "Dự kiến có sóng"]
NO_VILLAGES = "Không còn thôn, bản nào chưa có sóng di động băng rộng."
NO_INDICATORS = "Chưa có chỉ tiêu nào có mục tiêu."
SAMPLE_LABEL = "Dữ liệu mẫu"
SAMPLE_WARNING = fmt.SAMPLE_MARK  # the same words as on screen

# Six-digit hex colours, one definition for the workbook, the slides and the PDF.
NAVY = xlsx_style.NAVY
DARK = "1A202C"
MUTED = "4A5568"
RED = "C53030"
PALE_GREY = "E2E8F0"  # group rows, chart grid lines
GREY = "#718096"


def missing(value) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def text(value) -> str:
    """A display string, '' for missing values, neutralised."""
    if missing(value):
        return ""
    return neutralise(str(value))


def is_sample(value) -> bool:
    return not missing(value) and bool(value)


def frame(df: pd.DataFrame | None, columns: tuple[str, ...]) -> pd.DataFrame:
    """The frame with every expected column present (missing ones empty), so an empty or partial frame still works."""
    if df is None:
        df = pd.DataFrame()
    df = df.copy()
    for col in columns:
        if col not in df.columns:
            df[col] = None
    return df.reset_index(drop=True)


def inputs(
    board, history, tasks, villages, meta
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    """The arguments every writer takes (nq57.board.pack_inputs), each frame with its expected columns and the board
    in the order given."""
    return (
        frame(board, BOARD_COLUMNS),
        frame(history, HISTORY_COLUMNS),
        frame(tasks, TASK_COLUMNS),
        frame(villages, VILLAGE_COLUMNS),
        dict(meta or {}),
    )


def hex_colour(colour, default: str = GREY) -> str:
    """'#1a7f37' -> '1A7F37'; a default grey for anything that is not a six-digit hex colour."""
    value = str(colour).strip().lstrip("#") if isinstance(colour, str) else ""
    if not re.fullmatch(r"[0-9a-fA-F]{6}", value):
        value = default.lstrip("#")
    return value.upper()


def pale(colour, strength: float = 0.22) -> str:
    """A pale tint of a colour (mixed with white), for a cell fill that dark text stays readable on."""
    value = hex_colour(colour)
    channels = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(255 - (255 - c) * strength):02X}" for c in channels)


def rgb_tuple(colour) -> tuple[int, int, int]:
    value = hex_colour(colour)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def sorted_board(board: pd.DataFrame) -> pd.DataFrame:
    """Board rows by group (I..X), keeping the given order inside each group."""
    if board.empty:
        return board
    key = board["group_code"].map(lambda g: _GROUP_ORDER.get(str(g).strip(), len(_GROUP_ORDER)))
    return board.assign(_g=key, _i=range(len(board))).sort_values(["_g", "_i"]).drop(columns=["_g", "_i"])


def tasks_sorted(tasks: pd.DataFrame) -> pd.DataFrame:
    """Reported overdue before not reported (the order the board gives), most days first within each state."""
    if tasks.empty:
        return tasks
    key = pd.to_numeric(tasks["days_late"], errors="coerce").fillna(-1)
    order = {task_rules.LABELS[code]: i for i, code in enumerate(task_rules.ORDER)}
    state = tasks["state_label"].map(order).fillna(len(order))
    return tasks.assign(_s=state, _k=-key).sort_values(["_s", "_k"], kind="stable").drop(columns=["_s", "_k"])


def history_by_code(history: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """For the PDF's trend charts: per code, the points with a date and a value, oldest first; codes with fewer than
    two points left out."""
    if history.empty:
        return {}
    hist = history.copy()
    hist["_d"] = hist["period_end"].map(lambda v: None if missing(v) else as_date(v))
    hist["_v"] = pd.to_numeric(hist["value"], errors="coerce")
    hist["_t"] = pd.to_numeric(hist["target_value"], errors="coerce")
    hist = hist[hist["_d"].notna() & hist["_v"].map(lambda v: math.isfinite(v) if not missing(v) else False)]
    out = {}
    for code, part in hist.groupby("code", sort=False):
        part = part.sort_values("_d", kind="stable")
        if len(part) >= 2:
            out[code] = part
    return out


def chart_order(board: pd.DataFrame, series: dict[str, pd.DataFrame]) -> list[dict]:
    """Board records that get a chart: the headline figures in their meeting order, then the rest in board order."""
    records = {rec["code"]: rec for rec in board.to_dict("records") if rec["code"] in series}
    headline = [code for code, _ in HEADLINE if code in records]
    rest = [code for code in records if code not in headline]
    return [records[code] for code in headline + rest]
