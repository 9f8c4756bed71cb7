"""The board's headline cards drawn as HTML: every value shown as its characters, nothing from data as markup."""

import datetime as dt
import re
import shutil

from streamlit.testing.v1 import AppTest

from components import cards
from nq57 import paths, store
from nq57.importer import import_workbook
from tests import board_cards
from tests.returns_strategy import PAYLOADS
from tests.workbooks import return_workbook

HOSTILE = '<img src=x onerror="alert(1)"> </div><script>alert(2)</script> " \' & **x** :red[y]'


def spec(**changes) -> dict:
    card = {
        "code": "HT_5G", "label": "Phủ sóng 5G", "value": "45,5%", "rag": "amber", "status": "Chậm tiến độ",
        "provisional": None, "target": ("≥ 45%", "31/12/2025", "Còn thiếu 1 điểm %"), "milestones": [],
        "caption": "Quý I/2026 · báo cáo 16/4/2026", "help": "Tỷ lệ phủ sóng 5G.", "delta": "+2,5 điểm %", "good": True,
        "delta_description": "so với Quý IV/2025", "trend": [1.0, 2.0, 1.5], "compact": False,
    }  # fmt: skip
    return card | changes


def test_every_value_is_shown_as_its_characters():
    hostile = spec(
        label=HOSTILE, value=HOSTILE, status=HOSTILE, provisional=HOSTILE, target=(HOSTILE, HOSTILE, HOSTILE),
        milestones=[("red", HOSTILE)], caption=HOSTILE, help=HOSTILE, delta="+" + HOSTILE, delta_description=HOSTILE,
    )  # fmt: skip
    html = cards.grid_html([hostile])
    assert "<script" not in html and "<img src=x" not in html and "</div><script" not in html
    [card] = board_cards.read(html)
    assert card["label"] == card["value"] == card["caption"] == card["help"] == HOSTILE
    assert ("red", HOSTILE) in card["coloured"] and ("amber", HOSTILE) in card["badges"]
    assert f"Mục tiêu {HOSTILE} hạn {HOSTILE} · {HOSTILE}" in card["lines"]
    assert set(re.findall(r"<(/?[a-z]+)", html)) <= {"style", "/style", "div", "/div", "p", "/p", "span", "/span",
                                                    "b", "/b", "img"}  # fmt: skip


def test_the_card_says_what_the_metric_said():
    [card] = board_cards.read(cards.grid_html([spec()]))
    assert (card["label"], card["value"], card["rag"]) == ("Phủ sóng 5G", "45,5%", "amber")
    assert card["lines"][:2] == ["↑ +2,5 điểm % so với Quý IV/2025", "● Chậm tiến độ"]
    assert card["trend"].startswith("data:image/svg+xml;base64,")
    [down] = board_cards.read(cards.grid_html([spec(delta="-1", good=False, trend=None)]))
    assert down["lines"][0] == "↓ -1 so với Quý IV/2025" and 'class="nq-delta nq-bad"' in down["html"]
    assert down["trend"] is None


def test_a_file_name_from_a_return_is_text_on_the_overview(baseline_db, tmp_path, monkeypatch):
    db = tmp_path / "nq57.duckdb"
    shutil.copy(baseline_db, db)
    name = "<b>5G</b> <img src=x onerror=alert(1)> " + PAYLOADS[0] + ".xlsx"
    con = store.connect(db)
    try:
        data = return_workbook("SKHCN", "2026-05", observations=[{"indicator_code": "HT_5G", "unit_code": "12",
                                                                  "value": 47}])  # fmt: skip
        import_workbook(con, data, name, "clerk", tmp_path / "uploads", dt.datetime(2026, 6, 2, 9))
    finally:
        con.close()
    monkeypatch.setenv("NQ57_DB", str(db))
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    five_g = next(c for c in board_cards.on_page(at) if c["code"] == "HT_5G")
    assert five_g["value"] == "47%"
    assert five_g["caption"].endswith(f"Nguồn: báo cáo tải lên “{name}”")
    body = "".join(block.proto.body for block in at.get("html"))
    assert "<b>5G</b>" not in body and "<img src=x" not in body and "&lt;b&gt;5G&lt;/b&gt;" in body
