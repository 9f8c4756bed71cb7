"""Any return the template allows leaves every page working for every role, and every value from it shown as text.

Hypothesis builds returns of every shape the template allows (tests/returns_strategy.py), for communes with and
without villages and for departments; each is previewed on the returns page as its clerk meets it, then imported,
one after another (the last sometimes rolled back); then every page is drawn for every role (tests/sweep.py). A page
fails on an exception, an error box, or a value from a return rendered as live Markdown.

`make test` runs a few examples with a fixed seed. Before a release, run many more with fresh randomness:

    NQ57_PROPERTY_EXAMPLES=200 .venv/bin/python -m pytest tests/test_any_return.py -p no:cacheprovider
"""

import datetime as dt
import io
import itertools
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

import components.db
from components import auth
from nq57 import access, current, importer, store, template
from nq57.archive import default_archive
from nq57.periods import months_back
from nq57.problems import WorkbookRejected
from tests.accounts import ADMIN, PASSWORD
from tests.returns_strategy import LIVE_MARKERS, fills, write
from tests.sweep import APP, sweep
from tests.workbooks import return_workbook

# Communes with two villages, one, none; departments with percentages, ratios, ranks, yes/no indicators and tasks.
UNITS = ("03434", "03463", "03390", "SKHCN", "CQTT_BCD", "CA", "STC", "BTCTU")
MONTHS = [m for m in months_back(dt.date.today(), 12) if m >= "2025-06"]
EXAMPLES = int(os.environ.get("NQ57_PROPERTY_EXAMPLES", "3"))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOTHING_NEW = "Tệp không có số liệu mới"


def clerk(unit: str) -> access.User:
    return access.User(f"nop.{unit.lower()}", f"Cán bộ {unit}", access.CLERK, unit)


def with_clerks(accounts_template: Path, folder: Path, clerks: list[access.User]) -> Path:
    """A copy of the accounts database with an account for each of these clerks."""
    path = folder / "accounts.duckdb"
    shutil.copy(accounts_template, path)
    con = store.connect(path)
    try:
        for user in clerks:
            access.create_user(con, ADMIN, user.username, user.full_name, user.role, PASSWORD, user.unit_code)
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def clerks_db(accounts_template, tmp_path_factory):
    """The baseline with an account per role and a clerk for each unit the strategy reports for."""
    return with_clerks(accounts_template, tmp_path_factory.mktemp("any-return"), [clerk(u) for u in UNITS])


def _texts(at: AppTest) -> list[tuple[str, str]]:
    """Every string an element that parses Markdown was given, with its kind (tables by their cells)."""
    out = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success"):
        out += [(kind, e.value) for e in getattr(at, kind)]
    for m in at.metric:
        out += [("metric", m.label), ("metric", m.value), ("metric", str(m.proto.help))]
    for t in at.table:
        frame = t.value
        out += [("table", str(v)) for v in frame.to_numpy().ravel()]
        out += [("table", str(c)) for c in frame.columns]
    for e in at.expander:
        out.append(("expander", e.label))
    for kind in ("selectbox", "multiselect", "button", "text_input", "toggle", "date_input"):
        for w in getattr(at, kind):
            out += [(kind, w.label), (kind, str(getattr(w.proto, "help", "")))]
    for kind in ("radio", "segmented_control"):
        for w in at.get(kind) if kind == "segmented_control" else getattr(at, kind):
            out += [(kind, str(o)) for o in getattr(w, "options", [])]
    return out


# Every tag the app's own st.html blocks use (page styles, the board's cards); a tag from data would be another.
OWN_TAGS = {
    "style",
    "/style",
    "div",
    "/div",
    "p",
    "/p",
    "span",
    "/span",
    "b",
    "/b",
    "img",
    "br",
    "h4",
    "/h4",
    "ul",
    "/ul",
    "li",
    "/li",
}
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
# GitHub's autolinks as Streamlit's renderer finds them, in the text once escapes are resolved.
_AUTOLINK = re.compile(r"(https?://|www(?=\.))[-.\w]+|[-.\w+]+@[-\w]+(\.[-\w]+)+", re.IGNORECASE)


def _live(text: str) -> bool:
    """Whether a payload's marker is in the text with its Markdown characters unescaped, or an address in it would
    become a link."""
    bare = _ESCAPE.sub("\x00", text)  # an escaped character is no longer what the marker looks for
    resolved = _ESCAPE.sub(lambda m: m.group(0)[1], text)
    return any(marker in bare for marker in LIVE_MARKERS) or bool(_AUTOLINK.search(resolved))


def no_live_markdown(name: str, at: AppTest) -> None:
    """No value from a return reaches an element that parses Markdown unescaped."""
    live = [(kind, text[:160]) for kind, text in _texts(at) if _live(text)]
    assert not live, f"{name}: {live}"
    for chart in at.get("plotly_chart"):
        spec = chart.proto.spec
        assert "<script" not in spec and "<img" not in spec and "evil.example" not in spec, name
    for block in at.get("html"):  # the board's cards: their only tags are the renderer's own (components.cards)
        body = block.proto.body
        assert "<script" not in body and 'src="https://' not in body and "onerror=" not in body, name
        assert all(tag in OWN_TAGS for tag in re.findall(r"<(/?[a-z][a-z0-9]*)", body)), (name, body[:300])


def preview(user: access.User, data: bytes, name: str) -> AppTest:
    """The returns page as the unit's clerk meets the file: checked, then previewed (or refused by name)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[auth.USER_KEY] = user
    at.run()
    at.switch_page("app_pages/returns.py")
    at.run()
    at.file_uploader[0].set_value((name, data, XLSX))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    no_live_markdown(f"xem trước {name}", at)
    return at


_runs = itertools.count()


def fresh_store(template_db: Path, tmp_path, monkeypatch):
    """A copy of the accounts database for one example, the app pointed at it, every cache emptied."""
    path = tmp_path / f"example-{next(_runs)}.duckdb"
    shutil.copy(template_db, path)
    monkeypatch.setenv("NQ57_DB", str(path))
    st.cache_data.clear()
    components.db.connection.clear()
    return components.db.connection(str(path))


@settings(
    max_examples=EXAMPLES,
    derandomize="NQ57_PROPERTY_EXAMPLES" not in os.environ,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(data=hs.data())
def test_any_valid_return_leaves_every_page_working(data, clerks_db, tmp_path, monkeypatch):
    con = fresh_store(clerks_db, tmp_path, monkeypatch)
    measures = dict(con.cursor().execute("select code, measure from indicators").fetchall())
    imported = []
    for step in range(data.draw(hs.integers(min_value=1, max_value=3), label="returns")):
        unit = data.draw(hs.sampled_from(UNITS), label="unit")
        month = data.draw(hs.sampled_from(MONTHS), label="month")
        cur = con.cursor()
        try:
            blank = template.build_template(cur, unit, month)
        finally:
            cur.close()
        filled = data.draw(fills(blank, month, measures), label="return").data
        name = f"bao_cao_{unit}_{month}_{step}.xlsx"
        at = preview(clerk(unit), filled, name)
        if at.error:  # only a file identical to what is stored may be refused
            problems = " ".join(str(v) for d in at.dataframe for v in d.value.get("Vấn đề", pd.Series(dtype=str)))
            assert NOTHING_NEW in problems, problems
            continue
        assert "Tệp hợp lệ" in at.info[0].value
        assert not at.button(key="returns-confirm").disabled
        try:
            prepared = importer.prepare(con, filled, name)
        except WorkbookRejected as rejected:
            pytest.fail(f"previewed but refused: {rejected}")
        imported.append(importer.commit(con, prepared, "", default_archive(con), user=clerk(unit)))
    if imported and data.draw(hs.booleans(), label="roll back the last"):
        importer.rollback(con, imported[-1].upload_id, ADMIN.username, user=ADMIN)
    # The tables the pages read are what their definitions compute from every row, after any commit and rollback.
    assert current.drift(con) == {"observations": 0, "series": 0}
    sweep(also=no_live_markdown)


def test_the_payloads_reach_the_pages(clerks_db, tmp_path, monkeypatch):
    """The check above can fail: payloads in every text field a return has (a village's name and note, a figure's
    note and source reference, a task's note, the preparer, the file name) reach the pages and show there as the
    same characters."""
    con = fresh_store(clerks_db, tmp_path, monkeypatch)
    month = MONTHS[0]
    wb = load_workbook(io.BytesIO(template.build_template(con.cursor(), "03463", month)))
    name = "[PHIÊN HẾT HẠN](https://evil.example/dang-nhap) :green-badge[● Đúng tiến độ (giả)]"
    commune = write(
        wb,
        {
            ("Số liệu", 2, "Giá trị"): 50,
            ("Số liệu", 2, "Ghi chú"): "<script>alert(1)</script>",
            ("Thôn, bản", 3, "Tên thôn, bản"): name,
            ("Thôn, bản", 3, "Sóng di động"): "Không có sóng",
            ("Thôn, bản", 3, "Điện lưới"): "Không",
            ("Thôn, bản", 3, "Ghi chú"): "![x](https://evil.example/pixel.png)",
            ("Thông tin", 8, "Giá trị"): "**Đạt (giả)** $x^2$",
        },
    )
    # A department's own file, with the columns a template leaves out (source reference) filled in too.
    department = return_workbook(
        "SKHCN",
        month,
        observations=[
            {
                "indicator_code": "HT_5G",
                "unit_code": "12",
                "value": 46,
                "source_ref": ":green-badge[● Đúng tiến độ (giả)] www.evil.example",
                "note": ":material/warning: :red[đỏ]",
            }
        ],
        task_updates=[{"task_code": "32KH-04", "status": "Đang thực hiện", "note": "[bấm](https://evil.example)"}],
    )
    for unit, data in (("03463", commune), ("SKHCN", department)):
        file_name = "![x](https://evil.example/pixel.png).xlsx"
        preview(clerk(unit), data, file_name)
        prepared = importer.prepare(con, data, file_name)
        importer.commit(con, prepared, "", default_archive(con), user=clerk(unit))
    drawn = {}

    def keep(page, at):
        no_live_markdown(page, at)
        drawn[page] = [v for d in at.dataframe for v in d.value.astype(str).to_numpy().ravel()]

    sweep(roles={"quản trị": ADMIN}, also=keep)
    assert any(name in v for v in drawn["quản trị · coverage_map"])  # the list shows the name as typed
    assert any(name in v for v in drawn["quản trị · coverage_map · Sổ theo dõi lõm sóng"])
