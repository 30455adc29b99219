"""An official opens the dashboard and a partner page, and downloads a CSV
whose content is checked."""

import csv
import io
from pathlib import Path

from bandung_coop.demo import ARTICLE_MEETING_TITLE
from tests.e2e.conftest import log_in, screenshot


def test_an_official_reads_the_dashboard_a_partner_page_and_downloads_a_csv(page):
    log_in(page, "pimpinan")
    page.goto("/")
    assert page.locator("h1", has_text="Kerja sama luar negeri Kota Bandung").count() == 1
    assert page.locator("ol.bar-chart").count() >= 5
    screenshot(page, "dashboard")

    page.locator(".chart-table a").first.click()
    page.wait_for_load_state()
    assert "/pertemuan/" in page.url

    page.goto("/mitra/")
    page.get_by_role("link", name="Kota Hamamatsu").first.click()
    page.wait_for_load_state()
    assert page.locator("text=" + ARTICLE_MEETING_TITLE).count() >= 1
    assert page.locator("text=3 Februari 2022").count() >= 1
    screenshot(page, "partner-hamamatsu")

    page.goto("/pertemuan/?country=JP")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV (titik koma, seperti dibaca Excel berbahasa Indonesia)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("pertemuan-")
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][:2] == ["ID", "judul"]
    assert any(row[1] == ARTICLE_MEETING_TITLE and row[2] == "2022-02-03" for row in rows[1:])
    assert any("Kedutaan Besar Jepang untuk Indonesia" in cell for row in rows for cell in row)

    page.goto("/laporan/?periode=tahun&tahun=2022")
    assert page.locator("text=" + ARTICLE_MEETING_TITLE).count() >= 1
    screenshot(page, "report-2022")
