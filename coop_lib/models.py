"""The abstract base of every record people edit: an edit version and a
permission to restore it once deleted."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionedRecord(models.Model):
    """A record with optimistic locking: each save through ``coop_lib.writes``
    advances ``version``, and a save based on an older one is refused.

    Besides Django's four model permissions, ``restore_<model>`` lets a user
    bring a deleted record back from its history."""

    # db_default: rows written in bulk by SQL (the data generator) start at 1 too.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    class Meta:
        abstract = True
        default_permissions = ("add", "change", "delete", "view", "restore")
