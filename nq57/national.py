"""The national indicator sets the province's indicators map to, and what the pages and exports show of the mapping.

Three sets: the Government Programme (Resolution 03/NQ-CP of 9/1/2025 as amended by 71/NQ-CP of 1/4/2025, Appendix
I), the provincial Digital Transformation Index (DTI, 405/QĐ-BKHCN of 3/4/2025) and the Provincial Innovation Index
(PII, 2024). The mapping itself is data: data/baseline/national_map.csv, the sheet “Chỉ tiêu quốc gia” of the
baseline workbook (or an administrator's load), the table national_map (migration 0012). An indicator maps to at most
one indicator or pillar of each set, or to none; each row says how the two relate and on what it rests.
"""

import re

import pandas as pd

import queries
from nq57 import fmt, workbook_format
from nq57.periods import fold
from nq57.problems import Problem

SETS = {
    "NQ03": "Chương trình hành động của Chính phủ (Nghị quyết 03/NQ-CP, sửa đổi bởi 71/NQ-CP), Phụ lục I",
    "DTI": "Chỉ số chuyển đổi số cấp tỉnh (DTI)",
    "PII": "Chỉ số đổi mới sáng tạo cấp tỉnh (PII)",
}
# How a set is named in a short line (a card's tooltip, a table cell): “NQ 03 · 23.4 (cùng thước đo)”.
SHORT = {"NQ03": "NQ 03", "DTI": "DTI", "PII": "PII"}
RELATIONS = {
    "same": "Cùng thước đo",  # the same measure: our figure can be entered as it is
    "part": "Một phần",  # ours measures part of what the national indicator covers (a component, or a share)
    "proxy": "Số đo gần đúng",  # a related measure, not the same: read with its note
}
NONE = "Chưa gắn với chỉ tiêu quốc gia nào."
NONE_SHORT = "Chưa gắn"
COLUMNS = [
    "indicator_code",
    "set_code",
    "set_name",
    "national_code",
    "national_name",
    "relation",
    "relation_label",
    "source",
    "note",
]
_NUMBER = re.compile(r"(\d+)")


def _code_key(code: str) -> tuple:
    """A national code's place in its set: numbers by value (11.2 before 11.10 before 17), words by their letters."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, fold(part)) for part in _NUMBER.split(code) if part)


def ordered(raw: pd.DataFrame) -> pd.DataFrame:
    """The rows of queries/national/mapping.sql with their set's and relation's names, by set (in the order of SETS),
    then national code (the index itself, code “DTI” of the set DTI, first), then the sheet's order."""
    sets = list(SETS)
    rank = [
        (sets.index(s) if s in sets else len(sets), c != s, _code_key(str(c)), i)
        for i, (s, c) in enumerate(zip(raw["set_code"], raw["national_code"], strict=True))
    ]
    rows = raw.iloc[[i for *_, i in sorted(rank)]].reset_index(drop=True)
    return rows.assign(
        set_name=rows["set_code"].map(SETS).fillna(rows["set_code"]),
        relation_label=rows["relation"].map(RELATIONS).fillna(rows["relation"]),
    )[COLUMNS]


def mapping(cur) -> pd.DataFrame:
    """The mapping in force, one row per indicator and national set: indicator_code, set_code, set_name,
    national_code, national_name, relation, relation_label, source, note; by set, then national code."""
    return ordered(queries.frame(cur, "national/mapping"))


def short_texts(mapping: pd.DataFrame) -> dict[str, str]:
    """Each mapped indicator's national indicators in one short line, by set: “NQ 03 · 23.4 (số đo gần đúng); DTI ·
    Hạ tầng số (một phần)”. Indicators without a mapping are not keys (NONE_SHORT is their text)."""
    lines: dict[str, list[str]] = {}
    for code, set_code, national_code, label in zip(
        mapping["indicator_code"], mapping["set_code"], mapping["national_code"], mapping["relation_label"], strict=True
    ):
        name = SHORT.get(set_code, set_code)
        if national_code != name:  # the DTI itself is code “DTI” of the set DTI
            name += f" · {national_code}"
        lines.setdefault(code, []).append(f"{name} ({str(label).lower()})")
    return {code: "; ".join(parts) for code, parts in lines.items()}


def short_of(texts: dict[str, str], codes) -> list[str]:
    """The short line (short_texts) of each indicator code, NONE_SHORT for one without a mapping."""
    return [texts.get(code, NONE_SHORT) for code in codes]


def title(national_code: str, national_name: str) -> str:
    """'mục 23.4: Phủ sóng 5G đạt 99% dân số' (a numbered item, never read as a decimal); a pillar named by its name
    alone where the name is its code ('Hạ tầng số (chỉ số chính)', not 'Hạ tầng số: Hạ tầng số (chỉ số chính)')."""
    return national_name if national_name.startswith(national_code) else f"mục {national_code}: {national_name}"


def of_indicator(mapping: pd.DataFrame, code: str) -> pd.DataFrame:
    """One indicator's rows of the mapping, by set (none when it maps to no national indicator)."""
    return mapping[mapping["indicator_code"] == code].reset_index(drop=True)


def sheet_problems(df: pd.DataFrame) -> list[Problem]:
    """The set and relation codes of a “Chỉ tiêu quốc gia” sheet that are not known here, each at its row and column
    (an unknown indicator code is nq57.validation's, as on every sheet)."""
    sheet = workbook_format.NATIONAL_MAP
    relations = ", ".join(f"{code} ({label.lower()})" for code, label in RELATIONS.items())
    checks = (
        (
            "set_code",
            SETS,
            "Bộ chỉ tiêu quốc gia “{}” không có trong danh mục; cần một trong: " + ", ".join(SETS) + ".",
        ),
        ("relation", RELATIONS, "Quan hệ “{}” không hợp lệ; cần một trong: " + relations + "."),
    )
    found = []
    for key, known, message in checks:
        for row, value in zip(df["_row"], df[key], strict=True):
            if isinstance(value, str) and value not in known:
                column = sheet.column(key).label
                found.append(
                    Problem(message.format(value), sheet=sheet.title, row=int(row), column=column, value=value)
                )
    return found


def export_frame(mapping: pd.DataFrame, board: pd.DataFrame) -> pd.DataFrame:
    """Our figures under the national codes, one row per mapping in the mapping's order, with the board's figure for
    the period as the board shows it (board: nq57.board.build for that period, as the snapshot holds it), its period,
    our target and the figure's source, beside what the mapping rests on."""
    figures = board.set_index("code")
    known = mapping["indicator_code"].isin(figures.index)

    def of(column: str, missing="") -> list:
        values = figures[column].reindex(mapping["indicator_code"]).tolist()
        return [v if k else missing for v, k in zip(values, known, strict=True)]

    targets = [
        fmt.DASH if t == fmt.DASH else f"{t}, hạn {d}"
        for t, d in zip(of("target_text", fmt.DASH), of("deadline_text", fmt.DASH), strict=True)
    ]
    return pd.DataFrame(
        {
            "Bộ chỉ tiêu quốc gia": mapping["set_code"].map(SHORT).fillna(mapping["set_code"]),
            "Mã chỉ tiêu quốc gia": mapping["national_code"],
            "Tên chỉ tiêu quốc gia": mapping["national_name"],
            "Số liệu của tỉnh": of("value_text", fmt.DASH),
            "Kỳ số liệu": of("period_label"),
            "Quan hệ": mapping["relation_label"],
            "Mã chỉ tiêu của tỉnh": mapping["indicator_code"],
            "Tên chỉ tiêu của tỉnh": of("name"),
            "Đơn vị tính": of("unit_of_measure"),
            "Mục tiêu của tỉnh": targets,
            "Nguồn số liệu": [s.removeprefix("Nguồn: ") for s in of("source")],
            "Căn cứ gắn chỉ tiêu": mapping["source"],
            "Ghi chú": mapping["note"].fillna(""),
        }
    )
