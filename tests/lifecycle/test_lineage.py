"""Agreements that renew or implement earlier ones form a chain, and each
step says which sectors and focus areas it added or dropped."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from partnerships.lifecycle import agreement_chains, lineage_documents
from partnerships.models import Document, DocumentKind, DocumentRelation
from tests import factories


class LineageTests(TestCase):
    def setUp(self):
        self.cooperation = factories.make_cooperation()
        self.environment = factories.make_sector(name="Lingkungan Hidup")
        self.employment = factories.make_sector(name="Ketenagakerjaan")
        self.water = factories.make_focus_area(sector=self.environment, name="Air bersih")
        self.creative = factories.make_focus_area(sector=self.environment, name="Kota kreatif")
        self.loi = self.document(DocumentKind.LOI, 2014, sectors=[self.environment], areas=[self.creative])
        self.mou = self.document(
            DocumentKind.MOU,
            2019,
            self.loi,
            DocumentRelation.RENEWS,
            [self.environment],
            [self.creative, self.water],
        )
        self.renewal = self.document(
            DocumentKind.MOU,
            2025,
            self.mou,
            DocumentRelation.RENEWS,
            [self.environment, self.employment],
            [self.water],
        )

    def document(self, kind, year, previous=None, relation="", sectors=(), areas=()):
        document = factories.make_document(
            cooperation=self.cooperation,
            kind=kind,
            signed_on=datetime.date(year, 6, 1),
            previous=previous,
            relation=relation,
        )
        document.sectors.set(sectors)
        document.focus_areas.set(areas)
        return document

    def chains(self):
        return agreement_chains(lineage_documents(Document.objects.filter(cooperation=self.cooperation)))

    def test_the_chain_runs_from_the_loi_to_the_renewed_mou(self):
        [chain] = self.chains()
        self.assertEqual([step.document for step in chain], [self.loi, self.mou, self.renewal])

    def test_each_step_names_the_scope_added_and_dropped(self):
        loi_step, mou_step, renewal_step = self.chains()[0]
        self.assertFalse(loi_step.scope_changed)
        self.assertEqual((mou_step.focus_areas_added, mou_step.focus_areas_dropped), ([self.water], []))
        self.assertEqual((mou_step.sectors_added, mou_step.sectors_dropped), ([], []))
        self.assertEqual(renewal_step.sectors_added, [self.employment])
        self.assertEqual(renewal_step.focus_areas_dropped, [self.creative])

    def test_a_pks_implementing_the_mou_starts_a_branch(self):
        pks = self.document(DocumentKind.AGREEMENT, 2020, self.mou, DocumentRelation.IMPLEMENTS)
        chains = self.chains()
        self.assertEqual(len(chains), 2)
        self.assertIn([self.loi, self.mou, pks], [[step.document for step in chain] for chain in chains])

    def test_the_chains_cost_the_same_queries_for_longer_chains(self):
        with self.assertNumQueries(3):
            self.chains()
        previous = self.renewal
        for year in range(2026, 2036):
            previous = self.document(DocumentKind.ADDENDUM, year, previous, DocumentRelation.RENEWS)
        with self.assertNumQueries(3):
            self.assertEqual(len(self.chains()[0]), 13)

    def test_a_relation_without_a_previous_document_is_refused(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Document.objects.filter(pk=self.loi.pk).update(relation=DocumentRelation.RENEWS)
        self.loi.relation = DocumentRelation.RENEWS
        with self.assertRaises(ValidationError):
            self.loi.clean()

    def test_a_document_cannot_renew_its_own_successor(self):
        self.loi.previous, self.loi.relation = self.renewal, DocumentRelation.RENEWS
        with self.assertRaises(ValidationError) as refused:
            self.loi.clean()
        self.assertIn("previous", refused.exception.message_dict)

    def test_a_previous_document_cannot_be_deleted(self):
        with self.assertRaises(Exception):  # noqa: B017  (ProtectedError)
            self.loi.delete()
