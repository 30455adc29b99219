"""The API's addresses, versioned: /api/v1/..."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from bandung_coop.api import views

app_name = "api"

LIST = {"get": "list"}
RECORD = {"get": "retrieve"}
ENDPOINTS = {
    "departments": views.DepartmentViewSet,
    "partners": views.PartnerViewSet,
    "cooperations": views.CooperationViewSet,
    "meetings": views.MeetingViewSet,
    "visits": views.VisitViewSet,
    "follow-ups": views.FollowUpViewSet,
}

urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    # <str:pk>: an id that is no number answers the API's JSON 404.
    *(path(f"{kind}/", viewset.as_view(LIST), name=kind) for kind, viewset in ENDPOINTS.items()),
    *(
        path(f"{kind}/<str:pk>/", viewset.as_view(RECORD), name=f"{kind}-record")
        for kind, viewset in ENDPOINTS.items()
    ),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("open-data/", views.OpenDataView.as_view(), name="open-data"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    # A person reads the documentation: without a session, the login page.
    path("docs/", login_required(views.DocsView.as_view(url_name="api:schema")), name="docs"),
    # Last. Only addresses ending in a slash: one without it is first sent
    # to its slashed form (APPEND_SLASH), /api/v1/meetings to /api/v1/meetings/.
    path("<path:path>/", views.UnknownAddressView.as_view(), name="unknown"),
]
