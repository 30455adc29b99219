"""Tally tables and the triggers that keep them exact (see meetings/tallies.py);
PostgreSQL only, nothing on SQLite."""

from django.db import migrations

from meetings.tallies import install_sql, uninstall_sql
from coop_lib.postgres import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_meeting_search_trigram_indexes"),
        ("partnerships", "0001_initial"),
    ]

    operations = [PostgresOnlySQL(sql=install_sql(), reverse_sql=uninstall_sql())]
