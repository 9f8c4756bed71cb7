"""Every page for every role, through AppTest: what a test runs after a state it wants every page to survive.

The pages are found from app_pages/ (a new page is swept without new test code); each role opens what its
navigation offers, the pages with views behind a switch (meeting mode's topics, the map's three views) are opened
in each view, and folded boxes built only when opened are opened. A page passes when it raised nothing and showed
no error box.
"""

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from components import auth, coverage_map, overview
from nq57 import access, paths
from tests.accounts import ADMIN, CLERK, COMMUNE_CLERK, LEADER

APP = str(paths.ROOT / "app.py")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """Markdown as the reader sees its escaped characters: components.text.md's backslashes and invisible word
    joiners taken off."""
    return _ESCAPED.sub(r"\1", markdown).replace("\u2060", "")


PAGES = sorted(p.relative_to(paths.ROOT).as_posix() for p in (paths.ROOT / "app_pages").glob("*.py"))
ROLES = {"công khai": None, "lãnh đạo": LEADER, "cán bộ sở": CLERK, "cán bộ xã": COMMUNE_CLERK, "quản trị": ADMIN}
# Pages that only some roles have in their navigation.
ONLY = {
    "app_pages/returns.py": lambda user: user is not None and user.role in (access.CLERK, access.ADMIN),
    "app_pages/admin.py": lambda user: user is not None and user.role == access.ADMIN,
}
# Views a page draws one at a time, behind a control: (widget kind, key, values).
VIEWS = {
    "app_pages/meeting.py": ("segmented_control", "meeting-topic"),
    "app_pages/coverage_map.py": ("segmented_control", "map-view"),
}
# Folded boxes whose content is built only once opened (lazy expanders): opened, as a click does, after the first look.
FOLDED = {
    "app_pages/overview.py": (overview.OTHERS_KEY, overview.DOCUMENTS_KEY),
    "app_pages/coverage_map.py": (coverage_map.DETAIL_KEY,),
}


def check(name: str, at: AppTest, also=None) -> None:
    """Fail on an exception or an error box; `also(name, at)` checks more."""
    problems = [e.value for e in at.exception] + [e.value for e in at.error]
    assert not problems, f"{name}: {problems}"
    if also is not None:
        also(name, at)


def open_app(user) -> AppTest:
    """app.py run once, signed in as `user` (None: not signed in), on the page it opens first."""
    at = AppTest.from_file(APP, default_timeout=120)
    if user is not None:
        at.session_state[auth.USER_KEY] = user
    return at.run()


def offered(at: AppTest) -> dict[str, str]:
    """The files of app_pages/ that app.py's navigation offered in the last run, with the title it gave each.

    AppTest keeps st.navigation's pages (to resolve switch_page) in a private attribute; its public face is
    switch_page's ValueError for a page not offered, which tells no title."""
    pages = {}
    for info in at._registered_pages.values():
        if info.get("script_path"):  # not a page drawn by a function (sign-in, account)
            pages[Path(info["script_path"]).resolve().relative_to(paths.ROOT).as_posix()] = info["page_name"]
    return pages


def open_page(user, page: str) -> AppTest:
    """app.py signed in as `user`, switched to `page` (a file of app_pages/) and run."""
    at = open_app(user)
    at.switch_page(page)
    at.run()
    return at


def sweep(roles: dict | None = None, pages: list[str] | None = None, also=None) -> list[str]:
    """Open every page (and every view of it) for every role; fail on an exception or an error box. `also(name, at)`
    runs further checks on each page as drawn. Returns the names of what was drawn."""
    drawn = []
    for role, user in (roles or ROLES).items():
        for page in pages or PAGES:
            if page in ONLY and not ONLY[page](user):
                continue
            at = open_page(user, page)
            name = f"{role} · {Path(page).stem}"
            check(name, at, also)
            drawn.append(name)
            if page in FOLDED:
                for key in FOLDED[page]:
                    at.session_state[key] = True
                at.run()
                check(f"{name} · mở hết", at, also)
                drawn.append(f"{name} · mở hết")
            if page in VIEWS:
                kind, key = VIEWS[page]
                for option in getattr(at, kind)(key=key).options[1:]:
                    getattr(at, kind)(key=key).set_value(option).run()
                    check(f"{name} · {option}", at, also)
                    drawn.append(f"{name} · {option}")
    return drawn
