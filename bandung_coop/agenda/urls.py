"""The calendar page, calendar feeds and single-event calendar files."""

from django.urls import path

from bandung_coop.agenda import calendar, feeds

urlpatterns = [
    path("kalender/", calendar.calendar_page, name="calendar"),
    path("kalender/<str:token>.ics", feeds.calendar_feed, name="calendar_feed"),
    path("pertemuan/<int:pk>.ics", feeds.meeting_ics, name="meeting_ics"),
    path("kunjungan/<int:pk>.ics", feeds.visit_ics, name="visit_ics"),
]
