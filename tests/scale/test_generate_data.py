"""The synthetic data generator fills every table in its proportions, and
the dashboard's tallies (PostgreSQL) agree with the rows it wrote."""

from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase

from meetings.models import FollowUp, Meeting, Participant, Visit
from partnerships.models import Cooperation, Department, Partner
from tests.scale.test_tallies import counted_from_rows, tallied


class GenerateDataTests(TransactionTestCase):
    def test_it_writes_meetings_with_their_links_in_realistic_proportions(self):
        output = StringIO()
        call_command("generate_data", meetings=500, stdout=output)
        self.assertEqual(Meeting.objects.count(), 500)
        self.assertEqual(Department.objects.count(), 40)
        self.assertEqual(Partner.objects.count(), 300)
        self.assertEqual(Cooperation.objects.count(), 600)
        links = Meeting.partners.through.objects.count()
        self.assertTrue(500 <= links <= 1000, links)
        self.assertEqual(Participant.objects.count(), 1500)
        self.assertTrue(500 <= FollowUp.objects.count() <= 1000)
        self.assertEqual(Visit.objects.count(), 10)
        self.assertIn("500 meetings", output.getvalue())

    def test_the_tallies_match_the_generated_rows(self):
        call_command("generate_data", meetings=300, stdout=StringIO())
        figures = tallied()
        self.assertEqual(figures, counted_from_rows())
        self.assertEqual(figures["total"], 300)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM figures_involvement")
                self.assertGreater(cursor.fetchone()[0], 0)
