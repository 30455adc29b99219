from django.urls import path

from bandung_coop import lifecycle_views

app_name = "lifecycle"
urlpatterns = [
    path(
        "kerja-sama/<int:pk>/laporan/<int:year>/",
        lifecycle_views.implementation_report,
        name="implementation_report",
    ),
    path("pertemuan/<int:pk>/briefing/", lifecycle_views.briefing, name="briefing"),
]
