"""Small factories for tests: each makes one valid row, unique by a counter."""

import datetime
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from accounts.roles import Role
from meetings.models import (
    Attachment,
    FollowUp,
    FollowUpStatus,
    Meeting,
    Participant,
    ParticipantRole,
    Visit,
    VisitDirection,
)
from partnerships.models import (
    Cooperation,
    Department,
    DepartmentKind,
    Document,
    DocumentKind,
    DocumentRelation,
    FocusArea,
    Partner,
    PartnerKind,
    Person,
    Sector,
    Stage,
    StageChange,
)

WIB = ZoneInfo("Asia/Jakarta")
_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def make_department(**fields) -> Department:
    n = _n()
    values = {"name": f"Dinas Uji {n}", "acronym": f"DU{n}", "kind": DepartmentKind.DINAS}
    return Department.objects.create(**values | fields)


def make_partner(**fields) -> Partner:
    n = _n()
    values = {"name": f"Kota Mitra {n}", "kind": PartnerKind.LOCAL_GOVERNMENT, "country": "JP"}
    return Partner.objects.create(**values | fields)


def make_sector(**fields) -> Sector:
    return Sector.objects.create(**{"name": f"Sektor {_n()}"} | fields)


def make_focus_area(**fields) -> FocusArea:
    sector = fields.pop("sector", None) or make_sector()
    return FocusArea.objects.create(sector=sector, **{"name": f"Fokus {_n()}"} | fields)


def make_person(**fields) -> Person:
    return Person.objects.create(**{"full_name": f"Orang {_n()}"} | fields)


def make_cooperation(*, partners=None, **fields) -> Cooperation:
    lead = fields.pop("lead_department", None) or make_department()
    cooperation = Cooperation.objects.create(lead_department=lead, **{"title": f"Kerja sama {_n()}"} | fields)
    cooperation.partners.set(partners or [make_partner()])
    return cooperation


def make_document(**fields) -> Document:
    cooperation = fields.pop("cooperation", None) or make_cooperation()
    values = {
        "kind": DocumentKind.MOU,
        "number": f"MOU/{_n()}",
        "valid_from": datetime.date(2024, 1, 1),
        "valid_until": datetime.date(2029, 1, 1),
    }
    return Document.objects.create(cooperation=cooperation, **values | fields)


def make_meeting(*, partners=None, **fields) -> Meeting:
    owner = fields.pop("owner_department", None) or make_department()
    n = _n()
    values = {"title": f"Pertemuan {n}", "starts_at": datetime.datetime(2024, 5, 1 + n % 27, 9, tzinfo=WIB)}
    meeting = Meeting.objects.create(owner_department=owner, **values | fields)
    if partners:
        meeting.partners.set(partners)
    return meeting


def make_visit(**fields) -> Visit:
    partner = fields.pop("partner", None) or make_partner()
    host = fields.pop("host_department", None) or make_department()
    values = {
        "direction": VisitDirection.INBOUND,
        "starts_on": datetime.date(2024, 6, 1),
        "ends_on": datetime.date(2024, 6, 3),
        "purpose": "Kunjungan uji",
    }
    return Visit.objects.create(partner=partner, host_department=host, **values | fields)


def make_follow_up(**fields) -> FollowUp:
    meeting = fields.pop("meeting", None) or make_meeting()
    owner = fields.pop("owner_department", None) or meeting.owner_department
    values = {"description": f"Tindak lanjut {_n()}", "due_on": datetime.date(2024, 7, 1)}
    return FollowUp.objects.create(meeting=meeting, owner_department=owner, **values | fields)


def make_participant(**fields) -> Participant:
    meeting = fields.pop("meeting", None) or make_meeting()
    person = fields.pop("person", None) or make_person()
    return Participant.objects.create(meeting=meeting, person=person, **fields)


def make_attachment(**fields) -> Attachment:
    meeting = fields.pop("meeting", None) or make_meeting()
    values = {"title": f"Lampiran {_n()}", "file": "meetings/2024/lampiran.pdf"}
    return Attachment.objects.create(meeting=meeting, **values | fields)


def make_user(*, role=None, department=None, email=None, is_superuser=False, **profile_fields):
    """A user with a role group and a staff profile (when given a department or profile fields)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts.models import StaffProfile

    username = f"pengguna{_n()}"
    user = get_user_model().objects.create_user(
        username,
        email=f"{username}@example.org" if email is None else email,
        password="pw-for-tests-1",
        is_staff=True,
        is_superuser=is_superuser,
    )
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    if department is not None or profile_fields:
        StaffProfile.objects.create(user=user, department=department, **profile_fields)
    return user


def make_action_plan_item(**fields):
    from partnerships.models import ActionPlanItem

    cooperation = fields.pop("cooperation", None) or make_cooperation()
    owner = fields.pop("owner_department", None) or cooperation.lead_department
    values = {"activity": f"Kegiatan {_n()}", "indicator": "Tenaga terampil terlatih", "unit": "orang"}
    return ActionPlanItem.objects.create(cooperation=cooperation, owner_department=owner, **values | fields)


def make_action_plan_target(**fields):
    from partnerships.models import ActionPlanTarget

    item = fields.pop("item", None) or make_action_plan_item()
    values = {"year": 2025, "target": 100}
    if fields.get("achieved") is not None:
        values["reported_on"] = datetime.date(fields.get("year", 2025), 12, 31)
    return ActionPlanTarget.objects.create(item=item, **values | fields)


@dataclass
class LinkedRows:
    department: Department
    partner: Partner
    cooperation: Cooperation
    documents: list[Document]
    visit: Visit
    meeting: Meeting
    people: list[Person]
    follow_ups: list[FollowUp]


def make_linked_rows(
    *,
    department: Department | None = None,
    partner: Partner | None = None,
    cooperation: Cooperation | None = None,
    on: datetime.date = datetime.date(2024, 5, 14),
) -> LinkedRows:
    """One row of every model of both apps, every nullable field and every
    many-to-many filled (a meeting during a visit, an MoU implementing an
    earlier LoI, a visit with its leader, a done follow-up with its date,
    ...), around the day ``on``; into ``cooperation`` when one is given.

    Query-count tests add these: a page that loads any relation row by row
    then costs more queries with more rows, which rows leaving the relation
    empty would never show. tests/foundation/test_factories.py checks that
    nothing is left empty.
    """
    department = department or make_department()
    supporting = make_department()
    partner = partner or make_partner()
    focus_area = make_focus_area()
    staff = make_user(role=Role.DEPARTMENT_STAFF, department=department)
    if cooperation is None:
        cooperation = make_cooperation(
            partners=[partner], lead_department=department, stage=Stage.EXPLORATION, started_on=on
        )
        StageChange.objects.create(
            cooperation=cooperation, from_stage=Stage.INITIATIVE, to_stage=Stage.EXPLORATION, changed_by=staff
        )
    else:
        cooperation.partners.add(partner)
    cooperation.supporting_departments.add(supporting)
    cooperation.sectors.add(focus_area.sector)
    cooperation.focus_areas.add(focus_area)
    signed = on - datetime.timedelta(days=365)
    loi = make_document(
        cooperation=cooperation,
        kind=DocumentKind.LOI,
        number=f"LOI/{_n()}",
        signed_on=signed,
        valid_from=signed,
        valid_until=on,
    )
    mou = make_document(
        cooperation=cooperation,
        signed_on=on,
        valid_from=on,
        valid_until=on.replace(year=on.year + 5),
        previous=loi,
        relation=DocumentRelation.IMPLEMENTS,
    )
    for document in (loi, mou):
        document.sectors.add(focus_area.sector)
        document.focus_areas.add(focus_area)
    guest = make_person(partner=partner, current_position="Wali Kota")
    host = make_person(department=department, current_position="Kepala Dinas")
    visit = make_visit(
        partner=partner,
        host_department=department,
        leader=guest,
        starts_on=on,
        ends_on=on + datetime.timedelta(days=2),
        places="Balai Kota Bandung",
    )
    starts_at = datetime.datetime.combine(on, datetime.time(9), tzinfo=WIB)
    meeting = make_meeting(
        owner_department=department,
        partners=[partner],
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        visit=visit,
        summary="Ringkasan",
        minutes="Notulen",
    )
    meeting.attending_departments.add(supporting)
    meeting.cooperations.add(cooperation)
    make_participant(meeting=meeting, person=guest, role=ParticipantRole.GUEST, position_held="Wali Kota")
    make_participant(meeting=meeting, person=host, role=ParticipantRole.HOST, position_held="Kepala Dinas")
    follow_ups = [
        make_follow_up(meeting=meeting, owner_department=supporting, due_on=on + datetime.timedelta(days=30)),
        make_follow_up(
            meeting=meeting,
            owner_department=supporting,
            due_on=on + datetime.timedelta(days=30),
            status=FollowUpStatus.DONE,
            done_on=on + datetime.timedelta(days=20),
            note="Selesai",
        ),
    ]
    make_attachment(meeting=meeting)
    item = make_action_plan_item(cooperation=cooperation, owner_department=department)
    make_action_plan_target(item=item, year=on.year, achieved=10, evidence="Laporan")
    return LinkedRows(
        department=department,
        partner=partner,
        cooperation=cooperation,
        documents=[loi, mou],
        visit=visit,
        meeting=meeting,
        people=[guest, host],
        follow_ups=follow_ups,
    )
