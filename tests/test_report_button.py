"""The overview's report button: offered to leaders and administrators only; it builds the same draft as the command
line, showing its progress, then offers the file."""

import pytest
from streamlit.testing.v1 import AppTest

from components import auth, report
from components.overview import DOCUMENTS_KEY
from nq57 import paths
from tests.accounts import ADMIN, CLERK, LEADER
from tests.report_docx import paragraphs

APP = str(paths.ROOT / "app.py")
BUILD = "report-build"


def overview(user) -> AppTest:
    """The overview with the box of the meeting's documents opened (as a click on it does; it is built only then)."""
    at = AppTest.from_file(APP, default_timeout=120)
    if user is not None:
        at.session_state[auth.USER_KEY] = user
    at.session_state[DOCUMENTS_KEY] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def has_button(at: AppTest) -> bool:
    return any(b.key == BUILD for b in at.button)


@pytest.mark.parametrize("user, offered", [(None, False), (CLERK, False), (LEADER, True), (ADMIN, True)])
def test_the_button_is_for_leaders_and_administrators(user, offered, accounts_db):
    at = overview(user)
    assert has_button(at) is offered
    at.session_state[DOCUMENTS_KEY] = False  # folded again: nothing of it is built
    assert not has_button(at.run()) and not at.get("download_button")


def test_a_leader_drafts_the_first_quarter_of_2026_from_the_overview(accounts_db):
    at = overview(LEADER)
    at.selectbox(key="overview-period-quarter").set_value("2026-Q1").run()
    at.button(key=BUILD).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.label for s in at.status] == ["Đã soạn xong dự thảo báo cáo Quý I/2026"]
    code, _, national, name, data = at.session_state[report._KEPT]
    assert (code, national, name) == ("2026-Q1", False, "du_thao_bao_cao_NQ57_2026-Q1.docx")
    text = "\n".join(paragraphs(data))
    assert "Hoàn thành 137/240 nhiệm vụ được giao" in text and "Tốc độ tăng trưởng GRDP: 9,6% (Quý I/2026)" in text
    assert any(b.proto.label == "Tải dự thảo báo cáo (Word)" for b in at.get("download_button"))
    # Drafted again in the same minute (or by another leader): the same file, no error.
    at.button(key=BUILD).click().run()
    assert not at.exception and not at.error, [e.value for e in at.exception]
    assert at.session_state[report._KEPT][4] == data


def test_a_month_asks_for_a_quarter(accounts_db):
    at = overview(LEADER)
    at.segmented_control(key="overview-period-mode").set_value("month").run()
    assert not has_button(at)
    assert any("Chọn kỳ xem theo **Quý**" in m.value for m in at.markdown)
