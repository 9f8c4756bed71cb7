"""The board's headline cards drawn as HTML: every value shown as its characters, nothing from data as markup."""

import datetime as dt
import re
import shutil

from streamlit.testing.v1 import AppTest

from components import cards, panels
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
    tags = {"style", "/style", "div", "/div", "p", "/p", "span", "/span", "b", "/b", "img"}
    assert set(re.findall(r"<(/?[a-z][a-z0-9]*)", html)) <= tags


def test_the_side_panels_show_every_value_as_its_characters():
    """The overview's side column (components.panels): task names, the statement, its source and the villages' line
    come from documents and returns; they read back as typed, and the only tags are the renderer's own."""
    lines = [[(HOSTILE + ": ", None, False), (HOSTILE, "red", False), (" → ", None, False), (HOSTILE, "amber", True)]]
    said = {"period_label": HOSTILE, "text": HOSTILE, "source": HOSTILE}
    html = panels.panel_html(
        panels.changes_html(HOSTILE, lines), panels.past_due_html((3, 1234), said), panels.signal_html(8, HOSTILE)
    )
    assert "<script" not in html and "<img src=x" not in html and "</div><script" not in html
    side = board_cards.side_on_page(_Drawn(html))
    assert side["lines"][:2] == [f"Thay đổi so với {HOSTILE}", f"{HOSTILE}: {HOSTILE} → {HOSTILE}"]
    assert f"Văn bản báo cáo ({HOSTILE}): “{HOSTILE}”" in side["lines"] and side["lines"][-1] == HOSTILE
    assert side["numbers"] == {"Quá hạn": "3", "Đã qua hạn, chưa có báo cáo": "1.234", "Thôn, bản chưa có sóng": "8"}
    assert set(side["tags"]) <= {"div", "p", "span", "b", "h4", "ul", "li"}
    # Nothing changed: the sentence instead of a list.
    quiet = board_cards.side_on_page(_Drawn(panels.panel_html(panels.changes_html("Quý I/2026", HOSTILE))))
    assert quiet["lines"] == ["Thay đổi so với Quý I/2026", HOSTILE] and "ul" not in quiet["tags"]


def test_plain_cards_show_their_values_as_characters():
    """The map's three cards (cards.plain_grid_html): label, number and source as typed, an empty place kept."""
    html = cards.plain_grid_html([(HOSTILE, "8", HOSTILE), None, ("Thôn, bản chưa có cáp quang", "109", "Quý I/2026")])
    assert "<script" not in html and "<img src=x" not in html
    first, last = board_cards.read(html)
    assert (first["label"], first["value"], first["caption"]) == (HOSTILE, "8", HOSTILE)
    assert (last["label"], last["value"]) == ("Thôn, bản chưa có cáp quang", "109")
    assert html.count('class="nq-card nq-plain"') == 2 and "<div></div>" in html


class _Drawn:
    """An AppTest stand-in holding one st.html block, for board_cards.side_on_page."""

    class _Html:
        def __init__(self, body: str) -> None:
            self.proto = type("Proto", (), {"body": body})()

    def __init__(self, body: str) -> None:
        self._blocks = [self._Html(body)]

    def get(self, kind: str) -> list:
        return self._blocks if kind == "html" else []


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


def test_villages_a_return_adds_are_counted_with_where_they_come_from(baseline_db, tmp_path, monkeypatch):
    """A commune reports a village without signal that the documents do not list: the side column counts it, and
    says the count is the documents' villages plus those the returns added (the card keeps the documents' 8)."""
    db = tmp_path / "nq57.duckdb"
    shutil.copy(baseline_db, db)
    monkeypatch.setenv("NQ57_DB", str(db))
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=60).run()
    before = board_cards.side_on_page(at)
    assert before["numbers"]["Thôn, bản chưa có sóng"] == "8"
    assert not any(line.startswith("Danh sách hiện có") for line in before["lines"])
    con = store.connect(db)
    try:
        village = {"name": HOSTILE, "mobile": "Không có sóng", "fibre": "Không", "grid_power": "Không"}
        data = return_workbook("03463", "2026-05", villages=[village])
        import_workbook(con, data, "ta_tong.xlsx", "clerk", tmp_path / "uploads", dt.datetime(2026, 6, 2, 9))
    finally:
        con.close()
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    side = board_cards.side_on_page(at)
    assert side["numbers"]["Thôn, bản chưa có sóng"] == "9"
    assert (
        "Danh sách hiện có: 8 thôn, bản theo văn bản nguồn và 1 do báo cáo tải lên bổ sung "
        "(số liệu của văn bản giữ nguyên trên thẻ chỉ tiêu)."
    ) in side["lines"]
    brdd = next(c for c in board_cards.on_page(at) if c["code"] == "BAN_CHUA_BRDD")
    assert brdd["value"] == "8"
