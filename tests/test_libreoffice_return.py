"""A commune's return typed into the template and saved by LibreOffice, adding a village: previewed on the returns page,
imported, and then every page still works for every role and shows the new village's name as typed."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from nq57 import access, importer, template
from nq57.archive import default_archive
from tests.office import resave
from tests.returns_strategy import write
from tests.sweep import sweep
from tests.test_any_return import fresh_store, no_live_markdown, preview, with_clerks

COMMUNE = "03434"  # xã Nậm Hàng: two villages on record
CLERK = access.User("canbo.namhang", "Lò Văn Hàng", access.CLERK, COMMUNE)
NEW_VILLAGE = "Bản Nậm Củm [mới](https://evil.example) :green-badge[● Đã có sóng]"
MONTH = f"{dt.date.today():%Y-%m}"


@pytest.fixture(scope="module")
def clerk_db(accounts_template, tmp_path_factory):
    return with_clerks(accounts_template, tmp_path_factory.mktemp("libreoffice"), [CLERK])


def test_a_village_added_in_libreoffice_leaves_every_page_working(clerk_db, tmp_path, monkeypatch):
    con = fresh_store(clerk_db, tmp_path, monkeypatch)
    wb = load_workbook(io.BytesIO(template.build_template(con.cursor(), COMMUNE, MONTH)))
    typed = {("Số liệu", r, "Giá trị"): f"{40 + r},5" for r in range(2, 7)}  # typed the Vietnamese way, as text
    typed |= {
        ("Thôn, bản", 2, "Sóng di động"): "4G",  # a village on record now covered; fibre and power left blank
        ("Thôn, bản", 4, "Tên thôn, bản"): NEW_VILLAGE,
        ("Thôn, bản", 4, "Sóng di động"): "Không có sóng",
        ("Thôn, bản", 4, "Điện lưới"): "Không",
    }
    data = resave(write(wb, typed), tmp_path / "libreoffice")
    at = preview(CLERK, data, "bao_cao_nam_hang.xlsx")
    assert not at.error, [e.value for e in at.error]
    assert "Tệp hợp lệ" in at.info[0].value
    counts = {m.label: m.value for m in at.metric}
    assert (counts["Mới"], counts["Thay đổi"]) == ("6", "1")  # five figures and the new village; one village changed
    prepared = importer.prepare(con, data, "bao_cao_nam_hang.xlsx")
    importer.commit(con, prepared, "", default_archive(con), user=CLERK)

    shown = {}

    def keep(name, at):
        no_live_markdown(name, at)
        shown[name] = "\n".join(str(v) for d in at.dataframe for v in d.value.astype(str).to_numpy().ravel())

    drawn = sweep(also=keep)
    assert len(drawn) >= 40
    assert NEW_VILLAGE in shown["quản trị · coverage_map"]
    assert NEW_VILLAGE in shown["công khai · coverage_map · Sổ theo dõi lõm sóng"]
