"""Users of each role and records of two departments, for access tests."""

from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import StaffProfile
from accounts.role_groups import ensure_role_groups
from accounts.roles import Role
from tests import factories

WIB = ZoneInfo("Asia/Jakarta")
SECRET_MINUTES = "Notulen rahasia: posisi tawar kota XYZZY"


def make_user(username: str, role: Role | None, department=None):
    user = get_user_model().objects.create_user(username, password="pw-for-tests-1", is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    StaffProfile.objects.create(user=user, department=department)
    return user


class AccessFixture:
    def __init__(self):
        ensure_role_groups()
        self.own_department = factories.make_department(acronym="DLHK")
        self.other_department = factories.make_department(acronym="Dishub")
        self.cooperation_admin = make_user("kerjasama", Role.COOPERATION_ADMIN)
        self.staff = make_user("staf", Role.DEPARTMENT_STAFF, self.own_department)
        self.leader = make_user("pimpinan", Role.LEADERSHIP)
        self.own_meeting = factories.make_meeting(owner_department=self.own_department, title="Rapat DLHK")
        self.other_meeting = factories.make_meeting(
            owner_department=self.other_department, title="Rapat Dishub"
        )
        self.confidential_meeting = factories.make_meeting(
            owner_department=self.other_department,
            title="Rapat tertutup Dishub",
            minutes=SECRET_MINUTES,
            minutes_confidential=True,
        )
        self.confidential_attachment = factories.make_attachment(meeting=self.confidential_meeting)


def meeting_post_data(meeting, **changes) -> dict:
    """A complete admin change-form submission for a meeting without inline rows."""
    starts_at = meeting.starts_at.astimezone(WIB)
    data = {
        "title": meeting.title,
        "starts_at_0": starts_at.strftime("%d/%m/%Y"),
        "starts_at_1": starts_at.strftime("%H:%M"),
        "ends_at_0": "",
        "ends_at_1": "",
        "place": meeting.place,
        "kind": meeting.kind,
        "mode": meeting.mode,
        "owner_department": meeting.owner_department_id,
        "summary": meeting.summary,
        "minutes": meeting.minutes,
        "source_url": "",
        "opened_version": meeting.version,
    }
    if meeting.minutes_confidential:
        data["minutes_confidential"] = "on"
    for prefix in ("participants", "follow_ups", "attachments"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | changes
