"""The addresses of a user's background jobs (``coop_lib.job_views``)."""

from django.urls import path

from coop_lib import job_views

app_name = "jobs"

urlpatterns = [
    path("pekerjaan/", job_views.job_list, name="list"),
    path("pekerjaan/<uuid:job_id>/", job_views.job_detail, name="detail"),
    path("pekerjaan/<uuid:job_id>/status/", job_views.job_status, name="status"),
    path("pekerjaan/<uuid:job_id>/unduh/", job_views.job_download, name="download"),
    path("pekerjaan/<uuid:job_id>/ulang/", job_views.job_rerun, name="rerun"),
]
