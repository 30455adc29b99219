"""The search box's indexes on PostgreSQL (nothing on SQLite): full text
over each kind's words and trigrams over its names, from the expressions of
``bandung_coop.search.backends``. The meeting title's trigram index exists
already (meetings 0005)."""

from django.db import migrations

from bandung_coop.search.backends import fuzzy_index, vector_index
from coop_lib.postgres import CREATE_TRIGRAM_EXTENSION, PostgresOnlyIndex


class Migration(migrations.Migration):
    dependencies = [
        ("bandung_coop", "0002_notifications_and_reminder_time"),
        ("partnerships", "0011_aliases_one_per_line"),
        ("meetings", "0009_list_order_indexes"),
    ]

    operations = [
        # Kept when the migration is undone: other apps' indexes use it too.
        CREATE_TRIGRAM_EXTENSION,
        PostgresOnlyIndex(
            "partnerships.Partner", vector_index(("name", "aliases"), name="partner_search_vector")
        ),
        PostgresOnlyIndex("partnerships.Partner", fuzzy_index("name", name="partner_name_trgm")),
        PostgresOnlyIndex("partnerships.Partner", fuzzy_index("aliases", name="partner_aliases_trgm")),
        PostgresOnlyIndex(
            "partnerships.Person",
            vector_index(("full_name", "aliases", "current_position"), name="person_search_vector"),
        ),
        PostgresOnlyIndex("partnerships.Person", fuzzy_index("full_name", name="person_full_name_trgm")),
        PostgresOnlyIndex("partnerships.Person", fuzzy_index("aliases", name="person_aliases_trgm")),
        PostgresOnlyIndex(
            "meetings.Meeting", vector_index(("title", "summary", "place"), name="meeting_search_vector")
        ),
        PostgresOnlyIndex("meetings.Meeting", vector_index(("minutes",), name="meeting_minutes_vector")),
        PostgresOnlyIndex(
            "partnerships.Cooperation",
            vector_index(("title", "description"), name="cooperation_search_vector"),
        ),
        PostgresOnlyIndex("partnerships.Cooperation", fuzzy_index("title", name="cooperation_title_trgm")),
        PostgresOnlyIndex(
            "partnerships.Document", vector_index(("number", "title"), name="document_search_vector")
        ),
        PostgresOnlyIndex("partnerships.Document", fuzzy_index("title", name="document_title_trgm")),
        PostgresOnlyIndex("partnerships.Document", fuzzy_index("number", name="document_number_trgm")),
    ]
