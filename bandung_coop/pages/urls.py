"""The pages officials read: dashboard, lists, records, report, lifecycle pages."""

from django.urls import path

from bandung_coop.pages import dashboard, lifecycle, lists, records, report, tasks
from bandung_coop.search import views as search

app_name = "pages"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("pertemuan/", lists.meeting_list, name="meeting_list"),
    path("pertemuan/<int:pk>/", records.meeting_detail, name="meeting_detail"),
    path("kunjungan/", lists.visit_list, name="visit_list"),
    path("kerja-sama/", lists.cooperation_list, name="cooperation_list"),
    path("tindak-lanjut/", lists.follow_up_list, name="follow_up_list"),
    path("mitra/", records.partner_list, name="partner_list"),
    path("mitra/<int:pk>/", records.partner_detail, name="partner_detail"),
    path("tugas/", tasks.task_list, name="tasks"),
    path("tugas/<int:pk>/", tasks.task_update, name="task_update"),
    path("laporan/", report.report, name="report"),
    path(
        "kerja-sama/<int:pk>/laporan/<int:year>/",
        lifecycle.implementation_report,
        name="implementation_report",
    ),
    path("pertemuan/<int:pk>/briefing/", lifecycle.briefing, name="briefing"),
    path("cari/", search.search, name="search"),
]
