"""Delete the uploads kept for forms shown again, once too old to be sent."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from coop_lib.uploads import clear_expired


class Command(BaseCommand):
    help = "Delete uploads kept for a refused form that are older than a day."

    def handle(self, *args, **options):
        deleted = clear_expired(time.time())
        self.stdout.write(
            ngettext("%(count)d kept upload deleted.", "%(count)d kept uploads deleted.", deleted)
            % {"count": deleted}
        )
