"""The cooperation division keeps staff accounts, but grants nothing beyond
the roles: no superuser, no single permissions, no superuser's account."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from tests.access.fixtures import AccessFixture
from tests.admin.helpers import make_superuser, submitted_form


class UserAccountTests(TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        self.client.force_login(self.fixture.cooperation_admin)

    def test_the_cooperation_division_cannot_make_a_superuser(self):
        url = reverse("admin:auth_user_change", args=[self.fixture.staff.pk])
        page = self.client.get(url)
        self.assertNotContains(page, 'name="is_superuser"')
        self.assertNotContains(page, 'name="user_permissions"')
        data = submitted_form(page) | {"is_superuser": ["on"], "first_name": ["Staf"]}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        staff = get_user_model().objects.get(pk=self.fixture.staff.pk)
        self.assertEqual((staff.first_name, staff.is_superuser), ("Staf", False))

    def test_a_superusers_account_is_only_read(self):
        root = make_superuser()
        page = self.client.get(reverse("admin:auth_user_change", args=[root.pk]))
        self.assertNotContains(page, 'name="username"')
        password = self.client.post(
            reverse("admin:auth_user_password_change", args=[root.pk]),
            {"password1": "Sandi-baru-2026", "password2": "Sandi-baru-2026"},
        )
        self.assertEqual(password.status_code, 403)
        root.refresh_from_db()
        self.assertTrue(root.check_password("pw-for-tests-1"))

    def test_only_the_role_groups_are_offered(self):
        Group.objects.create(name="Grup lain")
        page = self.client.get(reverse("admin:auth_user_change", args=[self.fixture.staff.pk]))
        self.assertContains(page, "Staf OPD")
        self.assertNotContains(page, "Grup lain")
