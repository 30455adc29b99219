"""Creates the three role groups and sets exactly their permissions."""

from django.core.management.base import BaseCommand

from accounts.role_groups import ensure_role_groups
from accounts.roles import Role


class Command(BaseCommand):
    help = "Create or restore the role groups (Admin Kerja Sama, Staf OPD, Pimpinan) and their permissions."

    def handle(self, *args, **options):
        ensure_role_groups()
        self.stdout.write(self.style.SUCCESS(f"Role groups ready: {', '.join(Role)}."))
