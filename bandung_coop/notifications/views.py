"""The user's notifications: the list, opening one, marking them read."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bandung_coop.models import Notification
from bandung_coop.notifications.links import record_url
from bandung_coop.notifications.services import mark_all_read, mark_read
from bandung_coop.pages.access import role_required
from coop_lib.paginator import BoundedCountPaginator

PER_PAGE = 50


@require_GET
@role_required
def notification_list(request):
    rows = Notification.objects.of(request.user).select_related("actor", "record_type")
    page = BoundedCountPaginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "pages/notifications.html", {"title": _("Notifications"), "page": page, "query": ""}
    )


@require_GET
@role_required
def open_notification(request, pk: int):
    """Mark the notification read and go to its record; a record deleted
    since has nowhere to go, so the list says so."""
    notification = get_object_or_404(
        Notification.objects.of(request.user).select_related("record_type"), pk=pk
    )
    mark_read(notification=notification, user=request.user)
    url = record_url(notification, request.user)
    if url is None:
        messages.info(request, _("“%(title)s” has been deleted since.") % {"title": notification.title})
        return redirect("notifications:list")
    return HttpResponseRedirect(url)


@require_POST
@role_required
def read_notification(request, pk: int):
    notification = get_object_or_404(Notification.objects.of(request.user), pk=pk)
    mark_read(notification=notification, user=request.user)
    return redirect("notifications:list")


@require_POST
@role_required
def read_all_notifications(request):
    count = mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:list")
