"""Tally tables and the triggers that kept them exact, in their first form
(PostgreSQL only, nothing on SQLite); replaced by the ``figures`` app, see 0008.
The SQL is frozen in ``_tallies_0006``."""

from django.db import migrations

from coop_lib.postgres import PostgresOnlySQL
from meetings.migrations._tallies_0006 import INSTALL, UNINSTALL


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_meeting_search_trigram_indexes"),
        ("partnerships", "0001_initial"),
    ]

    operations = [PostgresOnlySQL(sql=INSTALL, reverse_sql=UNINSTALL)]
