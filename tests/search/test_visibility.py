"""What a user may not read stays out of the search: confidential minutes of
another OPD in hits, snippets and order; the page itself for an account
without a role."""

import pytest
from django.contrib.auth import get_user_model

from accounts.roles import Role
from tests import factories
from tests.access.fixtures import SECRET_MINUTES, AccessFixture
from tests.search.helpers import found, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture():
    return AccessFixture()


def test_another_opds_staff_does_not_find_a_meeting_by_its_confidential_minutes(client, fixture):
    client.force_login(fixture.staff)
    assert "meetings" not in found(client, "XYZZY")
    response = search(client, "posisi tawar")
    assert "meetings" not in found(client, "posisi tawar")
    assert SECRET_MINUTES not in response.text
    assert "XYZZY" not in response.text


def test_leadership_and_the_owner_department_find_it(client, fixture):
    owner = factories.make_user(role=Role.DEPARTMENT_STAFF, department=fixture.other_department)
    for user in (fixture.leader, fixture.cooperation_admin, owner):
        client.force_login(user)
        assert found(client, "XYZZY")["meetings"] == ["Rapat tertutup Dishub"]
        assert "XYZZY" in search(client, "XYZZY").text


def test_a_confidential_meeting_found_by_its_title_shows_no_minutes(client, fixture):
    client.force_login(fixture.staff)
    response = search(client, "tertutup")
    meetings = next(group for group in response.context["groups"] if group.key == "meetings")
    assert [hit.title for hit in meetings.hits] == ["Rapat tertutup Dishub"]
    assert SECRET_MINUTES not in response.text
    assert "XYZZY" not in response.text


def test_open_minutes_of_another_opd_are_found(client, fixture):
    factories.make_meeting(
        owner_department=fixture.other_department, title="Rapat terbuka", minutes="Notulen terbuka QWERTY"
    )
    client.force_login(fixture.staff)
    assert found(client, "QWERTY")["meetings"] == ["Rapat terbuka"]


def test_an_account_without_a_role_is_refused(client):
    user = get_user_model().objects.create_user("tanpa-peran", password="pw-for-tests-1", is_staff=True)
    client.force_login(user)
    assert search(client, "Hamamatsu").status_code == 403


def test_the_search_needs_a_login(client):
    response = search(client, "Hamamatsu")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_records_without_a_page_open_in_the_admin_only_for_those_allowed(client, fixture):
    factories.make_person(full_name="Hiroshi Tanakawa")
    client.force_login(fixture.leader)
    people = next(group for group in search(client, "Tanakawa").context["groups"] if group.key == "people")
    assert people.hits[0].url.startswith("/admin/partnerships/person/")
    # Leadership outside the admin (no staff status) gets the hit without a link.
    fixture.leader.is_staff = False
    fixture.leader.save()
    client.force_login(fixture.leader)
    people = next(group for group in search(client, "Tanakawa").context["groups"] if group.key == "people")
    assert people.hits[0].url == ""
    assert people.see_all_url == ""
