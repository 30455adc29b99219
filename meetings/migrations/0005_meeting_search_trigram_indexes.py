"""Trigram indexes for the meeting admin's search (title, place, summary) on
PostgreSQL; nothing on SQLite."""

from django.db import migrations

from coop_lib.postgres import CREATE_TRIGRAM_EXTENSION, trigram_index


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_meeting_recent_first_index")]

    operations = [
        CREATE_TRIGRAM_EXTENSION,
        trigram_index("meetings_meeting", "title"),
        trigram_index("meetings_meeting", "place"),
        trigram_index("meetings_meeting", "summary"),
    ]
