"""Reading the search page as a user does: the titles found under each heading."""

from django.urls import reverse

from accounts.role_groups import ensure_role_groups
from accounts.roles import Role
from tests import factories


def official(client, role=Role.LEADERSHIP, department=None):
    ensure_role_groups()
    user = factories.make_user(role=role, department=department)
    client.force_login(user)
    return user


def search(client, text: str):
    return client.get(reverse("pages:search"), {"q": text})


def found(client, text: str) -> dict[str, list[str]]:
    """{kind: [titles]} of the kinds with hits."""
    response = search(client, text)
    assert response.status_code == 200
    return {
        group.key: [hit.title for hit in group.hits] for group in response.context["groups"] if group.hits
    }
