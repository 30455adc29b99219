"""The rows the query-count tests add fill every nullable field and every
many-to-many of every model, so a page that loads one of them row by row
(a meeting's visit, a document's previous one, a visit's leader) costs more
queries with more rows and fails its test."""

from django.apps import apps
from django.test import TestCase

from tests import factories

APPS = ("partnerships", "meetings")


def domain_models():
    for app_label in APPS:
        for model in apps.get_app_config(app_label).get_models():
            # simple_history's copies follow their models.
            if not model.__name__.startswith("Historical"):
                yield model


class LinkedRowsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        factories.make_linked_rows()

    def test_every_model_has_a_row(self):
        for model in domain_models():
            with self.subTest(model=model.__name__):
                self.assertTrue(model.objects.exists())

    def test_it_leaves_no_nullable_field_or_many_to_many_of_any_model_empty(self):
        for model in domain_models():
            for field in model._meta.concrete_fields + model._meta.many_to_many:
                if not (field.null or field.many_to_many):
                    continue
                with self.subTest(field=f"{model.__name__}.{field.name}"):
                    self.assertTrue(model.objects.filter(**{f"{field.name}__isnull": False}).exists())

    def test_the_meeting_is_held_during_the_visit_and_the_mou_implements_the_loi(self):
        rows = factories.make_linked_rows()
        self.assertEqual(rows.meeting.visit, rows.visit)
        self.assertEqual(rows.documents[1].previous, rows.documents[0])
        self.assertEqual(rows.visit.leader.partner, rows.partner)
