"""Two transactions at once must leave the tallies equal to the rows: each
case runs one change in a second connection while the first is still open."""

import threading
import unittest

import psycopg2
from django.db import connection, transaction
from django.test import TransactionTestCase

from figures.bulk import paused
from meetings.models import Meeting
from tests.factories import make_cooperation, make_meeting, make_partner
from tests.scale.test_tallies import counted_from_rows, tallied


def open_connection():
    settings = connection.settings_dict
    return psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
    )


def in_background(database, sql: str, params: list) -> threading.Thread:
    """Runs the statement in another thread: it may have to wait for a lock."""

    def run():
        with database.cursor() as cursor:
            cursor.execute(sql, params)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@unittest.skipUnless(connection.vendor == "postgresql", "the tallies are kept by PostgreSQL triggers")
class ConcurrentChangeTests(TransactionTestCase):
    def setUp(self):
        self.first, self.second = open_connection(), open_connection()

    def tearDown(self):
        self.first.close()
        self.second.close()

    def run_together(self, first: tuple[str, list], second: tuple[str, list]) -> None:
        with self.first.cursor() as cursor:
            cursor.execute(*first)
        waiting = in_background(self.second, *second)
        waiting.join(0.3)
        self.first.commit()
        waiting.join(10)
        self.assertFalse(waiting.is_alive())
        self.second.commit()

    def test_a_partner_joining_a_cooperation_while_a_meeting_links_it_is_counted(self):
        kawasaki, toyota = make_partner(country="JP"), make_partner(country="KR")
        cooperation = make_cooperation(partners=[kawasaki])
        meeting = make_meeting()
        self.run_together(
            (
                "INSERT INTO partnerships_cooperation_partners (cooperation_id, partner_id) VALUES (%s, %s)",
                [cooperation.pk, toyota.pk],
            ),
            (
                "INSERT INTO meetings_meeting_cooperations (meeting_id, cooperation_id) VALUES (%s, %s)",
                [meeting.pk, cooperation.pk],
            ),
        )
        self.assertEqual(tallied()["per_partner"], {kawasaki.pk: 1, toyota.pk: 1})
        self.assertEqual(tallied(), counted_from_rows())

    def test_unlinking_both_sides_at_once_leaves_nothing_behind(self):
        partner = make_partner(country="JP")
        cooperation = make_cooperation(partners=[partner])
        meeting = make_meeting()
        meeting.cooperations.add(cooperation)
        self.run_together(
            ("DELETE FROM partnerships_cooperation_partners WHERE cooperation_id = %s", [cooperation.pk]),
            ("DELETE FROM meetings_meeting_cooperations WHERE meeting_id = %s", [meeting.pk]),
        )
        self.assertFalse(Meeting.objects.involving_partner(partner).exists())
        meeting.partners.add(partner)
        self.assertEqual(tallied()["per_partner"], {partner.pk: 1})
        self.assertEqual(tallied(), counted_from_rows())

    def test_a_partner_moving_country_while_it_is_linked_counts_in_its_new_country(self):
        partner = make_partner(country="JP")
        meeting = make_meeting()
        self.run_together(
            ("UPDATE partnerships_partner SET country = 'KR' WHERE id = %s", [partner.pk]),
            (
                "INSERT INTO meetings_meeting_partners (meeting_id, partner_id) VALUES (%s, %s)",
                [meeting.pk, partner.pk],
            ),
        )
        self.assertEqual(tallied()["per_country"], [("KR", 1)])
        self.assertEqual(tallied(), counted_from_rows())


@unittest.skipUnless(connection.vendor == "postgresql", "the tallies are kept by PostgreSQL triggers")
class PausedLoadTests(TransactionTestCase):
    def test_a_failed_load_caught_by_the_caller_leaves_the_triggers_on(self):
        with transaction.atomic():
            try:
                with paused():
                    raise ValueError("the load failed")
            except ValueError:
                pass
        make_meeting(partners=[make_partner()])
        self.assertEqual(tallied()["total"], 1)
        self.assertEqual(tallied(), counted_from_rows())
