"""Every page an official or a staff member opens, on a laptop and on a
phone: no sideways scrolling, and no serious or critical WCAG 2.1 AA
violation reported by axe-core. Screenshots of each go to
test-artifacts/screenshots/."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from bandung_coop.demo import ARTICLE_MEETING_TITLE
from meetings.models import Meeting
from partnerships.models import Cooperation, Partner
from tests.e2e.conftest import LAPTOP, PHONE, accessibility_problems, horizontal_overflow, log_in, screenshot


def official_pages() -> dict[str, str]:
    meeting = Meeting.objects.get(title=ARTICLE_MEETING_TITLE)
    partner = Partner.objects.get(name="Kota Hamamatsu")
    cooperation = Cooperation.objects.filter(partners=partner).first()
    return {
        "dashboard": "/",
        "meetings": f"/pertemuan/?partner={partner.pk}",
        "visits": "/kunjungan/",
        "cooperations": "/kerja-sama/",
        "follow-ups": "/tindak-lanjut/",
        "partners": "/mitra/",
        "partner": f"/mitra/{partner.pk}/",
        "meeting": f"/pertemuan/{meeting.pk}/",
        "report": "/laporan/?periode=tahun&tahun=2022",
        "briefing": f"/pertemuan/{meeting.pk}/briefing/",
        "implementation-report": f"/kerja-sama/{cooperation.pk}/laporan/2025/",
        "profile": "/profil/",
        "calendar": "/kalender/",
        "calendar-week": "/kalender/?view=week&date=2027-02-15",
        "calendar-agenda": "/kalender/?view=agenda&date=2027-02-01",
        "search": "/cari/?q=Hamamatsu",
    }


def staff_pages() -> dict[str, str]:
    own_meeting = Meeting.objects.filter(owner_department__acronym="DLHK").first()
    others_meeting = Meeting.objects.exclude(owner_department__acronym="DLHK").first()
    return {
        "tasks": "/tugas/",
        "notifications": "/notifikasi/",
        "admin-index": "/admin/",
        "admin-meetings": "/admin/meetings/meeting/",
        "admin-follow-ups": "/admin/meetings/followup/",
        "admin-meeting-add": "/admin/meetings/meeting/add/",
        "admin-meeting-change": f"/admin/meetings/meeting/{own_meeting.pk}/change/",
        "admin-meeting-read-only": f"/admin/meetings/meeting/{others_meeting.pk}/change/",
        "admin-visit-add": "/admin/meetings/visit/add/",
        "admin-person-add": "/admin/partnerships/person/add/",
    }


def problems_reading(page, url: str, *, shot: str = "") -> list[str]:
    """Open ``url``: its sideways scrolling and its accessibility problems."""
    page.goto(url)
    if shot:
        screenshot(page, shot)
    found = [f"{url}: {overflow}"] if (overflow := horizontal_overflow(page)) else []
    return found + [f"{url}: {problem}" for problem in accessibility_problems(page)]


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_an_official_reads_every_page_on_a_laptop_and_a_phone(page, viewport):
    page.set_viewport_size(viewport)
    log_in(page, "pimpinan")
    failures = []
    for name, url in official_pages().items():
        failures += problems_reading(page, url, shot=f"reads-well-{name}-{viewport['width']}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_staff_member_works_on_every_page_on_a_laptop_and_a_phone(page, viewport):
    page.set_viewport_size(viewport)
    log_in(page, "staf.dlhk")
    failures = []
    for name, url in staff_pages().items():
        failures += problems_reading(page, url, shot=f"reads-well-{name}-{viewport['width']}")
    assert failures == [], "\n".join(failures)


def test_the_cooperation_division_works_on_every_admin_list_and_form(page):
    """Every model of the admin: its list, its add form and the change form
    of a record, as the cooperation division (which may open them all)."""
    log_in(page, "kerjasama")
    failures = []
    request = _request_of("kerjasama")
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(request):
            continue
        opts = model._meta
        pages = [f"/admin/{opts.app_label}/{opts.model_name}/"]
        if model_admin.has_add_permission(request):
            pages.append(f"/admin/{opts.app_label}/{opts.model_name}/add/")
        if record := model._default_manager.order_by("pk").first():
            pages.append(f"/admin/{opts.app_label}/{opts.model_name}/{record.pk}/change/")
        for url in pages:
            failures += problems_reading(page, url)
    screenshot(page, "reads-well-admin-last-form")
    assert failures == [], "\n".join(failures)


def _request_of(username: str):
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(username=username)
    return request
