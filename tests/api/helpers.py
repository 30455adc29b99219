"""What the API tests share: a token for a user, and requests that carry it."""

from django.core.cache import cache
from django.test import TestCase

from accounts.roles import Role
from accounts.tokens import create_api_token
from tests import factories


class ApiTestCase(TestCase):
    def setUp(self):
        # The request limits count in the cache, which outlives a test.
        cache.clear()
        self.addCleanup(cache.clear)

    def token_for(self, user=None, *, role=Role.LEADERSHIP, department=None) -> str:
        user = user or factories.make_user(role=role, department=department)
        return create_api_token(user=user, name="uji")[1]

    def api(self, path: str, token: str | None = None, method: str = "get", **data):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return getattr(self.client, method)(path, data or None, headers=headers)
