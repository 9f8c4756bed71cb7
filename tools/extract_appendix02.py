"""Extract the 40 tasks of appendix 02 of plan 32-KH/TU from its text into data/baseline/tasks_32khtu.csv."""

import csv
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "sources" / "003_787bbe7cf68a0cd4.txt"
OUT = ROOT / "data" / "baseline" / "tasks_32khtu.csv"

# Agency phrases as the appendix writes them -> unit codes in data/baseline/units.csv.
# Longest phrases first: a phrase is consumed once matched so shorter ones do not match inside it.
AGENCY_PHRASES = [
    ("các sở, ban, ngành, đoàn thể tỉnh", "G_SBN"),
    ("các ban đảng tỉnh", "G_BANDANG"),
    ("các đảng ủy các xã, phường", "G_DUXA"),
    ("đảng ủy các xã, phường", "G_DUXA"),
    ("các đảng ủy trực thuộc", "G_DUTT"),
    ("văn phòng tỉnh ủy", "VPTU"),
    ("ban chỉ đạo tỉnh", "BCD"),
    ("đảng ủy ubnd tỉnh", "DU_UBND"),
    ("đảng ủy mttq tỉnh", "DU_MTTQ"),
    ("đảng ủy công an tỉnh", "DU_CA"),
    ("sở khoa học và công nghệ", "SKHCN"),
    ("viettel lai châu", "VIETTEL"),
    ("vnpt lai châu", "VNPT"),
    ("mobiphone lai châu", "MOBIFONE"),
]


def agency_codes(text: str) -> list[str]:
    """Return the unit codes named in an agency cell, in order of appearance."""
    rest = " ".join(text.split()).lower()
    found: list[tuple[int, str]] = []
    for phrase, code in AGENCY_PHRASES:
        pos = rest.find(phrase)
        while pos >= 0:
            found.append((pos, code))
            rest = rest[:pos] + "#" * len(phrase) + rest[pos + len(phrase) :]
            pos = rest.find(phrase)
    codes: list[str] = []
    for _, code in sorted(found):
        if code not in codes:
            codes.append(code)
    return codes


def table_cells(text: str) -> list[str]:
    """Split the appendix text into table cells (each cell starts with a tab)."""
    text = re.sub(r"\[bookmark: [^\]]*\]", "", text)
    cells: list[str] = []
    current: str | None = None
    for line in text.split("\n"):
        if line.startswith("\t"):
            if current is not None:
                cells.append(current)
            current = line[1:]
        elif current is not None:
            current += "\n" + line
    if current is not None:
        cells.append(current)
    return [c.strip() for c in cells]


def main() -> int:
    cells = table_cells(unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8")))
    i = cells.index("Thời gian hoàn thành") + 1
    roman = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)$")
    rows = []
    group_code = group_name = ""
    while i < len(cells):
        cell = cells[i]
        if roman.match(cell):
            group_code, group_name = cell, cells[i + 1]
            i += 2
            continue
        m = re.match(r"^(\d+)\.$", cell)
        if not m:
            raise SystemExit(f"unexpected cell {i}: {cell!r}")
        seq = int(m.group(1))
        name, lead, partner, product, deadline = cells[i + 1 : i + 6]
        flat = [" ".join(x.split()) for x in (lead, partner)]
        note = ""
        if not deadline:
            note = "Văn bản không ghi thời hạn; chỉ tiêu của năm 2026."
        rows.append(
            {
                "code": f"32KH-{seq:02d}",
                "plan": "32-KH/TU",
                "group_code": group_code,
                "group_name": group_name,
                "seq": seq,
                "name": " ".join(name.split()) if "\n-" not in name else name,
                "lead_text": flat[0],
                "lead_codes": ";".join(agency_codes(lead)),
                "partner_text": flat[1] if "\n-" not in partner else partner.replace("\n", " "),
                "partner_codes": ";".join(agency_codes(partner)),
                "product": product,
                "deadline_text": deadline,
                "deadline": "2026-12-31" if not deadline else "",
                "source_ref": f"Phụ lục 02, mục {group_code}, nhiệm vụ {seq}",
                "note": note,
            }
        )
        i += 6
    if len(rows) != 40:
        raise SystemExit(f"expected 40 tasks, found {len(rows)}")
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} tasks to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
