"""Loads the demo data (development only) and prints the demo logins."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bandung_coop.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_data


class Command(BaseCommand):
    help = "Load the demo data (the 3 February 2022 meeting with Japan's ambassador and its context)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # The demo accounts have published passwords, a superuser among them.
            raise CommandError(
                _(
                    "The demo data was not loaded: DEBUG is off, so this looks like a production server. "
                    "The demo accounts (with the passwords written in the README, a superuser among them) "
                    "must not exist there. For development, run it with DEBUG=1."
                )
            )
        load_demo_data()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("Log in at http://127.0.0.1:8000/admin/ with:")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.username:<20} {DEMO_PASSWORD:<20} {user.description}")
