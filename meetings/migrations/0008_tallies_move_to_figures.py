"""The first city-wide tallies (0006) give way to the ``figures`` app, whose
tables and triggers its own migrations create."""

from django.db import migrations

from coop_lib.postgres import PostgresOnlySQL
from meetings.migrations._tallies_0006 import INSTALL, UNINSTALL


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0007_versions_and_restore"),
    ]

    operations = [PostgresOnlySQL(sql=UNINSTALL, reverse_sql=INSTALL)]
