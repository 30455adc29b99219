"""What each kind of record searches, who finds which rows, and how a hit
shows: a link to the record's page (its page for officials where it has one,
else its admin page for those who may open it), what it is, and the words
found."""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bandung_coop.search import backends
from bandung_coop.search.backends import Fields
from bandung_coop.search.terms import Terms
from coop_lib.admin import admin_change_url
from meetings.models import Meeting, minutes_readable
from partnerships.models import Cooperation, Department, Document, Partner, Person

PER_KIND = 10
# Characters of context on each side of the word found.
CONTEXT = 80

PARTNER_FIELDS = Fields(words=("name", "aliases"), fuzzy=("name", "aliases"))
DEPARTMENT_FIELDS = Fields(words=("name", "acronym", "aliases"), fuzzy=("name",))
PERSON_FIELDS = Fields(words=("full_name", "aliases", "current_position"), fuzzy=("full_name", "aliases"))
MEETING_FIELDS = Fields(words=("title", "summary", "place"), fuzzy=("title",))
MINUTES_FIELDS = Fields(words=("minutes",))
COOPERATION_FIELDS = Fields(words=("title", "description"), fuzzy=("title",))
DOCUMENT_FIELDS = Fields(words=("number", "title"), fuzzy=("title",), codes=("number",))


@dataclass(frozen=True)
class Snippet:
    before: str
    found: str
    after: str


@dataclass(frozen=True)
class Hit:
    title: str
    url: str  # "" where the user may open no page of the record
    detail: str
    snippet: Snippet | None = None


@dataclass(frozen=True)
class Group:
    key: str
    title: Promise
    hits: list[Hit]
    more: bool  # more than PER_KIND matched
    see_all_url: str  # the kind's list, filtered by the same text; "" where it has none


def snippet(terms: Terms, *texts: str, fallback: bool = False) -> Snippet | None:
    """The first of ``texts`` holding one of the words, cut around it; the
    start of the first text when none does and ``fallback`` is asked (a
    stemmed or misspelt match)."""
    words = sorted(terms.words, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    for text in texts:
        found = pattern.search(text or "")
        if found:
            start, end = found.span()
            before = text[max(start - CONTEXT, 0) : start]
            after = text[end : end + CONTEXT]
            return Snippet(
                before=("…" if start > CONTEXT else "") + before,
                found=found.group(),
                after=after + ("…" if end + CONTEXT < len(text) else ""),
            )
    first = next((text for text in texts if text), "")
    if fallback and first:
        return Snippet(
            before="", found="", after=first[: 2 * CONTEXT] + ("…" if len(first) > 2 * CONTEXT else "")
        )
    return None


def may_open_in_admin(request: HttpRequest, model: type[models.Model]) -> bool:
    model_admin = admin.site.get_model_admin(model)
    return admin.site.has_permission(request) and model_admin.has_view_or_change_permission(request)


def admin_link(request: HttpRequest, model: type[models.Model]) -> Callable[[models.Model], str]:
    """The record's admin page for a user who may open it there, else no link."""
    if may_open_in_admin(request, model):
        return admin_change_url
    return lambda record: ""


def admin_list(request: HttpRequest, model: type[models.Model], terms: Terms) -> str:
    """The model's admin list searched for the same text, for a user who may open it."""
    if not may_open_in_admin(request, model):
        return ""
    opts = model._meta
    return (
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?" + urlencode({"q": terms.text})
    )


def page_list(url_name: str, terms: Terms) -> str:
    return reverse(url_name) + "?" + urlencode({"q": terms.text})


def _best(rows, condition: models.Q, score, tie_break: Sequence[str]) -> tuple[list, bool]:
    found = list(
        backends.best(rows, condition=condition, score=score, tie_break=tie_break, limit=PER_KIND + 1)
    )
    return found[:PER_KIND], len(found) > PER_KIND


def matching_partners(terms: Terms) -> models.QuerySet:
    return Partner.objects.filter(backends.matches(PARTNER_FIELDS, terms))


def partners(request: HttpRequest, terms: Terms) -> Group:
    # Every role reads every partner (role_required lets only roles in).
    found, more = _best(
        Partner.objects.all(),
        backends.matches(PARTNER_FIELDS, terms),
        backends.rank(PARTNER_FIELDS, terms),
        ("name", "pk"),
    )
    hits = [
        Hit(
            title=partner.name,
            url=partner.get_absolute_url(),
            detail=" · ".join(filter(None, [str(partner.get_kind_display()), str(partner.country.name)])),
            snippet=snippet(terms, partner.aliases),
        )
        for partner in found
    ]
    return Group("partners", _("Partners"), hits, more, admin_list(request, Partner, terms))


def people(request: HttpRequest, terms: Terms) -> Group:
    # Found by their own names and position, or by their organisation's
    # name: a union of the three, each read through its own index, where an
    # OR across them would read every person.
    departments = Department.objects.filter(backends.matches(DEPARTMENT_FIELDS, terms)).values("pk")
    found_people = (
        Person.objects.filter(backends.matches(PERSON_FIELDS, terms))
        .order_by()
        .values("pk")
        .union(
            Person.objects.filter(partner__in=matching_partners(terms).values("pk")).order_by().values("pk"),
            Person.objects.filter(department__in=departments).order_by().values("pk"),
        )
    )
    found, more = _best(
        Person.objects.select_related("partner", "department"),
        models.Q(pk__in=found_people),
        backends.rank(PERSON_FIELDS, terms),
        ("full_name", "pk"),
    )
    link = admin_link(request, Person)
    hits = [
        Hit(
            title=person.full_name,
            url=link(person),
            detail=" · ".join(
                filter(None, [person.current_position, str(person.partner or person.department or "")])
            ),
            snippet=snippet(terms, person.aliases),
        )
        for person in found
    ]
    return Group("people", _("People"), hits, more, admin_list(request, Person, terms))


def meetings(request: HttpRequest, terms: Terms) -> Group:
    user = request.user
    # Minutes are searched only where this user may read them, so a
    # confidential minute shows neither as a hit nor in a snippet nor in the order.
    readable = minutes_readable(user)
    in_minutes = backends.matches(MINUTES_FIELDS, terms)
    minutes_score = backends.rank(MINUTES_FIELDS, terms)
    if readable is not None:
        in_minutes &= readable
        minutes_score = models.Case(
            models.When(readable, then=minutes_score),
            default=models.Value(0.0),
            output_field=models.FloatField(),
        )
    score = models.ExpressionWrapper(
        backends.rank(MEETING_FIELDS, terms) + minutes_score, output_field=models.FloatField()
    )
    found, more = _best(
        Meeting.objects.visible_to(user).with_visible_minutes(user).select_related("owner_department"),
        backends.matches(MEETING_FIELDS, terms) | in_minutes,
        score,
        ("-starts_at", "-pk"),
    )
    hits = [
        Hit(
            title=meeting.title,
            url=meeting.get_absolute_url(),
            detail=" · ".join(
                [
                    formats.date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT"),
                    meeting.owner_department.acronym,
                    meeting.place,
                ]
            ),
            snippet=snippet(terms, meeting.summary, meeting.visible_minutes, fallback=True),
        )
        for meeting in found
    ]
    return Group("meetings", _("Meetings"), hits, more, page_list("pages:meeting_list", terms))


def cooperations(request: HttpRequest, terms: Terms) -> Group:
    found, more = _best(
        Cooperation.objects.visible_to(request.user).select_related("lead_department"),
        backends.matches(COOPERATION_FIELDS, terms),
        backends.rank(COOPERATION_FIELDS, terms),
        ("title", "pk"),
    )
    link = admin_link(request, Cooperation)
    hits = [
        Hit(
            title=cooperation.title,
            url=link(cooperation),
            detail=" · ".join([cooperation.lead_department.acronym, str(cooperation.get_stage_display())]),
            snippet=snippet(terms, cooperation.description, fallback=True),
        )
        for cooperation in found
    ]
    return Group("cooperations", _("Cooperations"), hits, more, page_list("pages:cooperation_list", terms))


def documents(request: HttpRequest, terms: Terms) -> Group:
    # A document is seen with its cooperation.
    visible = Cooperation.objects.visible_to(request.user).values("pk")
    found, more = _best(
        Document.objects.filter(cooperation__in=visible).select_related("cooperation"),
        backends.matches(DOCUMENT_FIELDS, terms),
        backends.rank(DOCUMENT_FIELDS, terms),
        ("-signed_on", "pk"),
    )
    link = admin_link(request, Document)
    hits = [
        Hit(
            title=" · ".join(filter(None, [str(document), document.title])),
            url=link(document),
            detail=document.cooperation.title,
        )
        for document in found
    ]
    return Group("documents", _("Documents"), hits, more, admin_list(request, Document, terms))


KINDS: list[Callable[[HttpRequest, Terms], Group]] = [partners, people, meetings, cooperations, documents]
