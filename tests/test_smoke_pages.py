"""Every file in app_pages/, for every role, through app.py on the baseline with the test accounts.

A page file app.py's navigation offers to no role fails; each role offered a page opens it without an exception or an
error box, under its title; each role not offered it is refused: a session on that page that becomes this role lands
on the role's own first page (or the sign-in), as a typed address of a page not offered does.
"""

import shutil

import pytest

from components import auth
from tests import sweep
from tests.accounts import ADMIN, CLERK, COMMUNE_CLERK, LEADER

# Role: (user, public board). Not signed in twice: on the province's public board and on a closed server.
ROLES = {
    "public": (None, True),
    "signed-out": (None, False),
    "leader": (LEADER, True),
    "agency-clerk": (CLERK, True),
    "commune-clerk": (COMMUNE_CLERK, True),
    "admin": (ADMIN, True),
}
# Pages whose first title is not the one the navigation gives them.
SHOWN_TITLE = {"app_pages/meeting.py": "Tổng quan"}  # meeting mode opens on its first topic, under that topic's title


def _environment(mp: pytest.MonkeyPatch, public: bool) -> None:
    if public:
        mp.setenv("NQ57_PUBLIC_BOARD", "1")
    else:
        mp.delenv("NQ57_PUBLIC_BOARD", raising=False)


@pytest.fixture(scope="module")
def navigation(accounts_template, tmp_path_factory) -> dict[str, tuple[dict[str, str], str]]:
    """For each role: the app_pages/ files app.py offers it (with their titles), and the title it lands on."""
    db = tmp_path_factory.mktemp("smoke") / "nq57.duckdb"
    shutil.copy(accounts_template, db)
    found = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NQ57_DB", str(db))
        mp.setenv("NQ57_RAISE_ERRORS", "1")
        for role, (user, public) in ROLES.items():
            _environment(mp, public)
            at = sweep.open_app(user)
            sweep.check(f"{role} · first page", at)
            found[role] = (sweep.offered(at), at.title[0].value)
    return found


@pytest.mark.parametrize("page", sweep.PAGES)
def test_every_page_is_offered_to_some_role(navigation, page):
    if not any(page in pages for pages, _ in navigation.values()):
        pytest.fail(f"{page} is in app_pages/ but app.py's navigation offers it to no role: delete it or offer it")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sweep.PAGES)
def test_page_opens_for_a_role_offered_it_and_is_refused_to_the_others(
    accounts_db, monkeypatch, navigation, page, role
):
    user, public = ROLES[role]
    _environment(monkeypatch, public)
    pages, landing = navigation[role]
    if page in pages:
        at = sweep.open_page(user, page)
        sweep.check(f"{role} · {page}", at)
        assert at.title and at.title[0].value == SHOWN_TITLE.get(page, pages[page])
        return
    # Refused: open it as a signed-in role offered it, then become this role in the same session.
    offered_to = [u for r, (u, _) in ROLES.items() if u is not None and page in navigation[r][0]]
    if not offered_to:
        pytest.fail(f"no signed-in role is offered {page}: nothing to refuse it from")
    at = sweep.open_page(offered_to[0], page)
    sweep.check(f"{offered_to[0].username} · {page}", at)
    shown = at.title[0].value
    if user is None:
        del at.session_state[auth.USER_KEY]
    else:
        at.session_state[auth.USER_KEY] = user
    at.run()
    sweep.check(f"{role} · {page} (refused)", at)
    assert at.title and at.title[0].value == landing != shown
