"""Targets against achievements, summed per year and per department in
one query, whatever the number of rows."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.test import TestCase

from partnerships.models import ActionPlanTarget
from tests import factories


class ActionPlanTotalsTests(TestCase):
    def setUp(self):
        self.disnaker = factories.make_department(acronym="Disnaker")
        self.pdam = factories.make_department(acronym="PDAM")
        cooperation = factories.make_cooperation(lead_department=self.disnaker)
        self.trained = factories.make_action_plan_item(cooperation=cooperation, unit="orang")
        self.placed = factories.make_action_plan_item(cooperation=cooperation, unit="orang")
        self.water = factories.make_action_plan_item(
            cooperation=cooperation, owner_department=self.pdam, unit="pelatihan"
        )
        factories.make_action_plan_target(item=self.trained, year=2025, target=200, achieved=150)
        factories.make_action_plan_target(item=self.placed, year=2025, target=50, achieved=60)
        factories.make_action_plan_target(item=self.trained, year=2026, target=200)
        factories.make_action_plan_target(item=self.water, year=2025, target=4, achieved=4)

    def test_targets_and_achievements_are_summed_per_year_and_unit(self):
        totals = {
            (row["year"], row["item__unit"]): (
                row["target_total"],
                row["achieved_total"],
                row["rows"],
                row["rows_met"],
            )
            for row in ActionPlanTarget.objects.totals_by_year()
        }
        self.assertEqual(
            totals,
            {
                (2025, "orang"): (Decimal(250), Decimal(210), 2, 1),
                (2025, "pelatihan"): (Decimal(4), Decimal(4), 1, 1),
                (2026, "orang"): (Decimal(200), Decimal(0), 1, 0),
            },
        )

    def test_totals_per_department_keep_each_department_apart(self):
        totals = {
            (row["item__owner_department__acronym"], row["year"]): row["achieved_total"]
            for row in ActionPlanTarget.objects.totals_by_department()
        }
        self.assertEqual(
            totals,
            {("Disnaker", 2025): Decimal(210), ("Disnaker", 2026): Decimal(0), ("PDAM", 2025): Decimal(4)},
        )

    def test_totals_are_one_query(self):
        with self.assertNumQueries(1):
            list(ActionPlanTarget.objects.totals_by_department())

    def test_one_target_per_activity_and_year(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            factories.make_action_plan_target(item=self.trained, year=2025)

    def test_negative_targets_and_achievements_are_refused(self):
        row = ActionPlanTarget.objects.get(item=self.trained, year=2025)
        for field in ("target", "achieved"):
            with self.subTest(field=field), self.assertRaises(IntegrityError), transaction.atomic():
                ActionPlanTarget.objects.filter(pk=row.pk).update(**{field: -1})

    def test_an_achievement_needs_the_date_it_was_reported(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            ActionPlanTarget.objects.filter(item=self.trained, year=2026).update(achieved=10)
