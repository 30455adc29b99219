"""A cooperation with an agreement in force and nothing happening for 12
months is dormant; one meeting, visit or reported achievement wakes it."""

import datetime

from django.test import TestCase

from meetings.activity import dormant_cooperations, dormant_partners
from partnerships.models import Cooperation, DocumentKind, Stage
from tests import factories
from tests.factories import WIB

LAST_ACTIVITY = datetime.date(2024, 3, 1)
ONE_YEAR_LATER = datetime.date(2025, 3, 1)
A_DAY_MORE = datetime.date(2025, 3, 2)


class DormancyTests(TestCase):
    def setUp(self):
        self.partner = factories.make_partner()
        self.cooperation = factories.make_cooperation(partners=[self.partner], stage=Stage.IMPLEMENTATION)
        factories.make_document(
            cooperation=self.cooperation,
            kind=DocumentKind.MOU,
            valid_from=datetime.date(2023, 1, 1),
            valid_until=datetime.date(2028, 1, 1),
        )

    def assert_dormant_only_after_twelve_months(self):
        self.assertNotIn(self.cooperation, dormant_cooperations(on=ONE_YEAR_LATER))
        self.assertNotIn(self.partner, dormant_partners(on=ONE_YEAR_LATER))
        self.assertIn(self.cooperation, dormant_cooperations(on=A_DAY_MORE))
        self.assertIn(self.partner, dormant_partners(on=A_DAY_MORE))

    def test_a_meeting_on_the_cooperation_keeps_it_awake_for_twelve_months(self):
        meeting = factories.make_meeting(starts_at=datetime.datetime(2024, 3, 1, 23, 30, tzinfo=WIB))
        meeting.cooperations.add(self.cooperation)
        self.assert_dormant_only_after_twelve_months()

    def test_a_meeting_with_the_partner_counts_too(self):
        factories.make_meeting(
            partners=[self.partner], starts_at=datetime.datetime(2024, 3, 1, 9, tzinfo=WIB)
        )
        self.assert_dormant_only_after_twelve_months()

    def test_a_visit_of_the_partner_counts_until_twelve_months_after_it_ends(self):
        factories.make_visit(
            partner=self.partner, starts_on=datetime.date(2024, 2, 27), ends_on=LAST_ACTIVITY
        )
        self.assert_dormant_only_after_twelve_months()

    def test_reported_plan_of_action_progress_counts(self):
        item = factories.make_action_plan_item(cooperation=self.cooperation)
        factories.make_action_plan_target(item=item, year=2023, achieved=10, reported_on=LAST_ACTIVITY)
        self.assert_dormant_only_after_twelve_months()

    def test_a_planned_meeting_does_not_count_before_it_happens(self):
        factories.make_meeting(
            partners=[self.partner], starts_at=datetime.datetime(2025, 4, 1, 9, tzinfo=WIB)
        )
        self.assertIn(self.cooperation, dormant_cooperations(on=A_DAY_MORE))

    def test_without_an_agreement_in_force_nothing_is_dormant(self):
        self.assertEqual(list(dormant_cooperations(on=datetime.date(2029, 1, 1))), [])
        self.assertEqual(list(dormant_partners(on=datetime.date(2029, 1, 1))), [])

    def test_an_ended_cooperation_is_not_dormant(self):
        Cooperation.objects.filter(pk=self.cooperation.pk).update(stage=Stage.ENDED)
        self.assertNotIn(self.cooperation, dormant_cooperations(on=A_DAY_MORE))
