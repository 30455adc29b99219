"""The choices of meetings, visits and follow-ups, which the database refuses
outside of too (``coop_lib.constraints``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitDirection(models.TextChoices):
    INBOUND = "inbound", _("Inbound (to Bandung)")
    OUTBOUND = "outbound", _("Outbound (from Bandung)")


class FundingSource(models.TextChoices):
    APBD = "apbd", _("City budget (APBD)")
    APBN = "apbn", _("National budget (APBN)")
    PARTNER = "partner", _("Partner")
    SHARED = "shared", _("Shared")
    OTHER = "other", _("Other")


class MeetingKind(models.TextChoices):
    AUDIENCE = "audience", _("Courtesy call / audience")
    COORDINATION = "coordination", _("Coordination")
    TECHNICAL = "technical", _("Technical meeting")
    SIGNING = "signing", _("Signing")
    FORUM = "forum", _("Forum")


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class ParticipantRole(models.TextChoices):
    HOST = "host", _("Host")
    GUEST = "guest", _("Guest")
    ATTENDEE = "attendee", _("Attendee")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


PENDING_STATUSES = [FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS]
