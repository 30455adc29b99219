"""Every list and the dashboard cost the same number of queries however many
rows they show, with every relation of every row filled."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from tests import factories
from tests.api.helpers import ApiTestCase

# token, roles and permissions, then the list and its relations (the token's
# last use is written at most once a minute: the first request has one more)
LISTS = {
    "/api/v1/departments/": 3,
    "/api/v1/partners/": 3,
    "/api/v1/cooperations/": 10,
    "/api/v1/meetings/": 9,
    "/api/v1/visits/": 3,
    "/api/v1/follow-ups/": 3,
}


class QueryCountTests(ApiTestCase):
    def queries(self, path: str, secret: str) -> int:
        self.api("/api/v1/", secret)  # the token's first use of the minute, written
        with CaptureQueriesContext(connection) as captured:
            response = self.api(path, secret)
        self.assertEqual(response.status_code, 200)
        return len(captured)

    def test_each_list_costs_the_same_at_two_sizes(self):
        department = factories.make_department()
        secret = self.token_for(role=Role.DEPARTMENT_STAFF, department=department)
        factories.make_linked_rows(department=department)
        small = {path: self.queries(path, secret) for path in LISTS}
        for _ in range(6):
            factories.make_linked_rows(department=department)
            factories.make_linked_rows()
        large = {path: self.queries(path, secret) for path in LISTS}
        self.assertEqual(small, LISTS)
        self.assertEqual(large, LISTS)

    def test_the_dashboard_costs_the_same_at_two_sizes(self):
        secret = self.token_for(role=Role.LEADERSHIP)
        factories.make_linked_rows()
        small = self.queries("/api/v1/dashboard/", secret)
        for _ in range(6):
            factories.make_linked_rows()
        self.assertEqual(self.queries("/api/v1/dashboard/", secret), small)
