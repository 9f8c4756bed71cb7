"""The overview's texts, cards and tables worked out from a snapshot: plain values, no elements drawn here, so they
can be computed once per data version and period and shared by every session (components.overview.view)."""

import pandas as pd

from components.text import md_frame
from nq57 import board, codes, fmt, national, status, task_rules
from nq57.snapshot import Snapshot

NATIONAL_COLUMN = "Chỉ tiêu quốc gia"


def badge(row) -> str:
    return f":{status.RAG_MARKDOWN[row['rag']]}-badge[● {row['status_label']}]"


def _good(row, delta: str | None) -> bool | None:
    """Whether a change goes the right way (up for an indicator that should rise): coloured green, else red."""
    if delta is None:
        return None
    return delta.startswith("+") == (row["direction"] != "down")


def card(
    row,
    trend: list[float],
    before: pd.Series | None,
    previous_label: str,
    compact: bool = False,
    national_text: str | None = None,
) -> dict:
    """One headline figure as components.cards draws it, every value plain text (escaped there): label, value,
    change since the previous period and whether it goes the right way, trend, status in colour, target, deadline
    and gap, milestones passed, period, report date and source; with national_text (nq57.national's short line, or
    NONE_SHORT), the national indicators it maps to, as the last line of its help."""
    delta = board.change(row, before)
    target = None
    if row["status"] != board.NO_TARGET:
        target = (row["target_text"], row["deadline_text"], None if row["gap_text"] == fmt.DASH else row["gap_text"])
    if pd.isna(row["value"]):
        reported = "Chưa có đơn vị nào báo cáo số liệu này."
    elif compact:
        reported = f"{row['period_label']} · báo cáo {fmt.date(row['reported_on'])}"
    else:
        reported = f"{row['period_label']} · báo cáo {fmt.date(row['reported_on'])} · {row['source']}"
    help_text = f"{row['name']}. {row['explanation']}"
    return {
        "code": row["code"],
        "label": row["short_label"],
        "value": row["value_short"],
        "rag": row["rag"],
        "status": row["status_label"],
        "provisional": row["coverage_text"].capitalize() if row["provisional"] else None,
        "target": target,
        "milestones": [(status.RAG.get(code, "grey"), text) for code, text in row.get("milestones") or ()],
        "caption": reported,
        "help": help_text + (f"\nChỉ tiêu quốc gia: {national_text}" if national_text else ""),
        "delta": delta,
        "good": _good(row, delta),
        "delta_description": f"so với {previous_label}" if delta else None,
        "trend": trend if len(trend) > 1 and not compact else None,
        "compact": compact,
    }


def cards(
    snapshot: Snapshot, period: board.BoardPeriod, compact: bool = False, national_texts: dict[str, str] | None = None
) -> tuple[pd.DataFrame, list[dict]]:
    """The nine headline rows in meeting order and their cards, each with its trend and its change since the
    previous period; with national_texts (nq57.national.short_texts), each says in its help what it maps to."""
    rows = board.headline(snapshot.board)
    previous = snapshot.before.set_index("code")
    trends = snapshot.history.groupby("code")["value"]
    specs = []
    for row in rows.to_dict("records"):
        code = row["code"]
        trend = trends.get_group(code).tail(24).tolist() if code in trends.groups else []
        before = previous.loc[code] if code in previous.index else None
        mapped = None if national_texts is None else national.short_of(national_texts, [code])[0]
        specs.append(card(row, trend, before, period.previous_label, compact, mapped))
    return rows, specs


def no_power_text(frame: pd.DataFrame) -> str:
    """'Trong đó 3 bản chưa có điện lưới (Quý I/2026; Nguồn: …)', from the indicator the documents report."""
    rows = frame[frame["code"] == "BAN_CHUA_BRDD_DIEN"]
    if rows.empty or pd.isna(rows.iloc[0]["value"]):
        return "Chưa có số liệu về điện lưới của các bản này."
    row = rows.iloc[0]
    return f"Trong đó {row['value_text']} bản chưa có điện lưới ({row['period_label']}; {row['source']})."


def signal_origin_text(gaps: pd.DataFrame) -> str | None:
    """Where the villages without signal come from, once a return or a bulk load has added some to those of the
    documents: the count then differs from the documents' own figure, and says why. None while it does not."""
    added = int((gaps["upload_kind"] != codes.BASELINE).sum())
    if not added:
        return None
    return (
        f"Danh sách hiện có: {fmt.number(len(gaps) - added)} thôn, bản theo văn bản nguồn và {fmt.number(added)} "
        "do báo cáo tải lên bổ sung (số liệu của văn bản giữ nguyên trên thẻ chỉ tiêu)."
    )


def legend_text(frame: pd.DataFrame) -> str:
    """How many indicators are in each status, worst first, as a line of coloured badges."""
    counts = board.status_counts(frame)
    return " ".join(f":{status.MARKDOWN_COLOURS[code]}-badge[● {label}: {n}]" for code, label, _, n in counts)


def _names(names: pd.Series, shown: int = 3, width: int = 70) -> str:
    """The first few names, each cut to a line, and how many more."""
    cut = [n if len(n) <= width else n[: width - 1].rstrip(" ,;") + "…" for n in names.head(shown)]
    more = f"; và {len(names) - shown} nhiệm vụ khác" if len(names) > shown else ""
    return "; ".join(cut) + more


def change_lines(snapshot: Snapshot, period: board.BoardPeriod) -> list[list[tuple[str, str | None, bool]]] | str:
    """What changed since the previous period, as lines of (text, colour, bold) segments for components.panels:
    colours, tasks done, reported overdue or newly past their deadline without a report, villages covered; or the
    sentence that nothing did. Colours are nq57.status.RAG names; every text is plain (escaped where drawn)."""
    lines = []
    for r in snapshot.colour_changes.itertuples():
        lines.append(
            [
                (f"{r.name}: ", None, False),
                (r.status_label_before, status.RAG.get(r.status_before, "grey"), False),
                (" → ", None, False),
                (r.status_label, status.RAG.get(r.status, "grey"), True),
                (f" ({r.value_text})", None, False),
            ]
        )
    counted = (
        (snapshot.newly_done, "green", "nhiệm vụ mới hoàn thành", _names),
        (snapshot.newly_overdue, "red", "nhiệm vụ mới quá hạn (báo cáo chưa hoàn thành)", _names),
        (snapshot.newly_past_due, "red", "nhiệm vụ mới qua hạn, chưa có báo cáo", _names),
        (snapshot.newly_covered, "green", "thôn, bản mới có sóng di động", lambda n: ", ".join(n.head(5))),
    )
    for frame, colour, what, names in counted:
        if len(frame):
            lines.append(
                [
                    (str(len(frame)), colour, True),
                    (f" {what}", colour, False),
                    (f": {names(frame['name'])}", None, False),
                ]
            )
    if lines:
        return lines
    return (
        f"Không có chỉ tiêu nào đổi màu, không có nhiệm vụ hay thôn, bản nào thay đổi so với {period.previous_label}."
    )


def past_due(snapshot: Snapshot) -> tuple[tuple[int, int], dict | None]:
    """The two counts of tasks past their deadline (reported overdue, without a report) and the documents' own
    statement about the tasks for the period (or None)."""
    return task_rules.past_due_counts(snapshot.past_due), snapshot.task_statement


def no_attention(frame: pd.DataFrame) -> tuple[str, str]:
    """When nothing is amber or red, ('info', …) or ('success', …): say so only if every indicator with a target
    could be judged."""
    with_target = frame[frame["status"] != board.NO_TARGET]
    unknown = int(with_target["rag"].eq("grey").sum())
    if unknown:
        return (
            "info",
            f"Chưa thấy chỉ tiêu nào chậm tiến độ, nhưng {unknown}/{len(with_target)} chỉ tiêu có mục tiêu "
            "chưa có hoặc chưa đủ số liệu để đánh giá: cần các đơn vị gửi báo cáo tháng.",
        )
    return "success", "Không có chỉ tiêu nào chậm tiến độ hay quá hạn trong kỳ này."


def attention_table(frame: pd.DataFrame, national_texts: dict[str, str]) -> pd.DataFrame:
    """The indicators off track or missed, worst first, with the reason in words and the national indicators they
    map to (nq57.national.short_texts), escaped for st.table."""
    return md_frame(
        pd.DataFrame(
            {
                "Chỉ tiêu": frame["name"],
                "Số liệu": frame["value_text"] + " (" + frame["period_label"] + ")",
                "Mục tiêu": frame["target_text"] + ", hạn " + frame["deadline_text"],
                "Trạng thái": frame["status_label"],
                "Vì sao": frame["explanation"],
                NATIONAL_COLUMN: national.short_of(national_texts, frame["code"]),
            }
        )
    )


def figures_table(frame: pd.DataFrame, national_texts: dict[str, str]) -> pd.DataFrame:
    """Indicators with their latest figure, period, status, source and the national indicators they map to,
    escaped for st.table."""
    return md_frame(
        pd.DataFrame(
            {
                "Chỉ tiêu": frame["name"],
                "Số liệu": frame["value_text"],
                "Kỳ": frame["period_label"],
                "Trạng thái": frame["status_label"],
                "Nguồn": frame["source"].str.removeprefix("Nguồn: "),
                NATIONAL_COLUMN: national.short_of(national_texts, frame["code"]),
            }
        )
    )


def other_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """The indicators outside the nine headline figures that have a figure."""
    return frame[~frame["code"].isin([c for c, _ in board.HEADLINE]) & frame["value"].notna()]
