"""Test accounts, one per role, and a helper that makes them in a database file."""

from pathlib import Path

from nq57 import access, store

PASSWORD = "mat-khau-thu-nghiem"  # ≥ 10 characters, as the rule asks
ADMIN = access.User("quantri", "Nguyễn Văn Quản", access.ADMIN)
CLERK = access.User("canbo.skhcn", "Lò Văn Minh", access.CLERK, "SKHCN")
LEADER = access.User("lanhdao", "Tráng A Lãnh", access.LEADER)
COMMUNE_CLERK = access.User("canbo.tatong", "Lò Thị Tổng", access.CLERK, "03463")  # xã Tà Tổng


def make_accounts(con) -> None:
    """The accounts, made as an administrator would (the first one from the command line)."""
    access.create_first_admin(con, ADMIN.username, ADMIN.full_name, PASSWORD)
    for user in (CLERK, LEADER, COMMUNE_CLERK):
        access.create_user(con, ADMIN, user.username, user.full_name, user.role, PASSWORD, user.unit_code)


def make_accounts_in(db: Path) -> None:
    con = store.connect(db)
    try:
        make_accounts(con)
    finally:
        con.close()
