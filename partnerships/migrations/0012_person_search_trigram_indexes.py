"""Trigram indexes for finding people by name, alternative name or position
(the participant autocomplete, the people's list) on PostgreSQL; nothing on
SQLite."""

from django.db import migrations

from coop_lib.postgres import CREATE_TRIGRAM_EXTENSION, trigram_index


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0011_aliases_one_per_line")]

    operations = [
        CREATE_TRIGRAM_EXTENSION,
        trigram_index("partnerships_person", "full_name"),
        trigram_index("partnerships_person", "aliases"),
        trigram_index("partnerships_person", "current_position"),
    ]
