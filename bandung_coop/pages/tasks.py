"""Tugas saya: the follow-ups a department must act on, updated in the list.

A staff member's tasks are the follow-ups their department answers for or
whose meeting it keeps (exactly those it may change); the cooperation
division's are the whole city's. Progress (status, date done, note) is saved
row by row through the write door, opened at the version shown.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from bandung_coop.pages.access import role_required
from coop_lib.admin import RecordForm, show_refusal
from coop_lib.paginator import MergedRows
from coop_lib.writes import VERSION_FIELD, StaleVersion, update_record
from meetings.models import FollowUp, FollowUpStatus

PER_PAGE = 25

# The list's two views: what is still to do, and what was done.
PENDING, FINISHED = "belum", "selesai"


class ProgressForm(RecordForm):
    """What a department reports on a follow-up: status, date done, note."""

    class Meta:
        model = FollowUp
        fields = ["status", "done_on", "note"]
        widgets = {
            "status": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "done_on": forms.DateInput(
                attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"
            ),
            "note": forms.Textarea(attrs={"rows": 1, "class": "form-control form-control-sm"}),
        }

    def clean(self):
        cleaned = super().clean()
        # Marking a task done without a date means it was done today.
        if (
            cleaned.get("status") == FollowUpStatus.DONE
            and not cleaned.get("done_on")
            and "done_on" not in self.errors
        ):
            cleaned["done_on"] = timezone.localdate()
            self.instance.done_on = cleaned["done_on"]
        return cleaned


def progress_form(follow_up: FollowUp, data=None) -> ProgressForm:
    return ProgressForm(data, instance=follow_up, auto_id=f"id_task{follow_up.pk}_%s")


SHOWN_WITH = ("meeting", "owner_department", "meeting__owner_department")


def tasks_of(user):
    return FollowUp.objects.editable_by(user).select_related(*SHOWN_WITH)


def _task_rows(user, view: str) -> MergedRows:
    """The user's follow-ups of one view, read in the parts of the row rule
    that each use an index (``FollowUpQuerySet.tasks_in_parts``)."""
    parts = FollowUp.objects.tasks_in_parts(user)
    if view == FINISHED:
        return MergedRows(
            [part.finished() for part in parts],
            order_by=[F("done_on").desc(nulls_last=True), "-pk"],
            fields=["done_on"],
            key=lambda done_on, pk: (done_on is not None, done_on or datetime.date.min, pk),
            reverse=True,
            select_related=SHOWN_WITH,
        )
    # The oldest due date first puts the overdue ones at the top; no date, last.
    return MergedRows(
        [part.pending() for part in parts],
        order_by=[F("due_on").asc(nulls_last=True), "pk"],
        fields=["due_on"],
        key=lambda due_on, pk: (due_on is None, due_on or datetime.date.min, pk),
        select_related=SHOWN_WITH,
    )


@role_required
def task_list(request):
    return _render_tasks(request)


@role_required
@require_POST
def task_update(request, pk: int):
    follow_up = get_object_or_404(tasks_of(request.user), pk=pk)
    form = progress_form(follow_up, request.POST)
    if form.is_valid():
        try:
            update_record(instance=form.instance, user=request.user, expected_version=form.opened_at())
        except StaleVersion as refusal:
            form = _typed_again_over_current(request.user, pk, request.POST, refusal)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _saved_message(form.instance))
            return redirect(_back_to_list(request))
    # Shown again in its place in the list, with what was typed and why it was refused.
    return _render_tasks(request, refused=form, status=400)


def _typed_again_over_current(user, pk: int, posted, refusal: StaleVersion) -> ProgressForm:
    """Someone saved the follow-up after the user opened it: what the user
    typed stays in the form, now opened at the stored version, so a second
    save is a deliberate choice to replace the other change."""
    current = get_object_or_404(tasks_of(user), pk=pk)
    data = posted.copy()
    data[VERSION_FIELD] = str(current.version)
    form = progress_form(current, data)
    form.is_valid()
    kept = gettext("What you typed is kept below: save again to replace the other change.")
    form.add_error(None, " ".join([*refusal.messages, kept]))
    return form


def _render_tasks(request, *, refused: ProgressForm | None = None, status: int = 200):
    view = FINISHED if request.GET.get("tampil") == FINISHED else PENDING
    page = Paginator(_task_rows(request.user, view), PER_PAGE).get_page(request.GET.get("page"))
    tasks = [
        (follow_up, refused if refused and refused.instance.pk == follow_up.pk else progress_form(follow_up))
        for follow_up in page
    ]
    # A refused row that left this view (done meanwhile) is shown above the list.
    refused_elsewhere = refused if refused and all(form is not refused for _row, form in tasks) else None
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "title": _("My tasks"),
        "tasks": tasks,
        "page": page,
        "query": query.urlencode(),
        "view": view,
        "views": [(PENDING, _("To do")), (FINISHED, _("Finished"))],
        "refused_elsewhere": refused_elsewhere,
        "today": timezone.localdate(),
        # The list's own address: the page may be drawn at a row's POST address.
        "list_url": reverse("pages:tasks"),
        "back": reverse("pages:tasks") + (f"?{query.urlencode()}" if query else ""),
    }
    return render(request, "pages/tasks.html", context, status=status)


def _back_to_list(request) -> str:
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return reverse("pages:tasks")


def _saved_message(follow_up: FollowUp) -> str:
    if follow_up.status == FollowUpStatus.DONE and follow_up.done_on:
        return gettext("“%(task)s” marked done on %(day)s.") % {
            "task": follow_up,
            "day": date_format(follow_up.done_on, "DATE_FORMAT"),
        }
    return gettext("“%(task)s” saved.") % {"task": follow_up}
