"""A cooperation moves to a stage only with the documents that prove it; a
superuser may override with a reason, and every move is recorded."""

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import translation

from partnerships.lifecycle import missing_evidence, next_stage
from partnerships.models import DocumentKind, Stage, StageChange
from partnerships.services import move_to_stage
from tests import factories
from tests.access.fixtures import AccessFixture
from tests.admin.helpers import make_superuser


class StageTransitionTests(TestCase):
    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)
        self.fixture = AccessFixture()
        self.admin = self.fixture.cooperation_admin
        self.cooperation = factories.make_cooperation(stage=Stage.EXPLORATION)

    def add(self, *kinds):
        for kind in kinds:
            factories.make_document(cooperation=self.cooperation, kind=kind)

    def test_it_refuses_the_letter_of_intent_stage_without_a_signed_loi(self):
        with self.assertRaises(ValidationError) as refused:
            move_to_stage(
                cooperation=self.cooperation,
                expected_version=self.cooperation.version,
                stage=Stage.LOI,
                user=self.admin,
            )
        self.assertIn("signed letter of intent (LoI)", refused.exception.messages[0])
        self.cooperation.refresh_from_db()
        self.assertEqual(self.cooperation.stage, Stage.EXPLORATION)
        self.assertFalse(StageChange.objects.exists())

    def test_the_refusal_lists_everything_missing_in_indonesian(self):
        self.add(DocumentKind.LOI, DocumentKind.PLAN)
        with translation.override("id"), self.assertRaises(ValidationError) as refused:
            move_to_stage(
                cooperation=self.cooperation,
                expected_version=self.cooperation.version,
                stage=Stage.SIGNED,
                user=self.admin,
            )
        message = refused.exception.messages[0]
        self.assertIn("surat persetujuan DPRD", message)
        self.assertIn("persetujuan pemerintah pusat atau surat kuasa penuh (full power)", message)
        self.assertIn("MoU atau PKS yang telah ditandatangani", message)
        self.assertNotIn("rencana kerja sama", message)

    def test_it_allows_the_stage_with_its_evidence_and_records_the_change(self):
        self.add(DocumentKind.LOI)
        change = move_to_stage(
            cooperation=self.cooperation,
            expected_version=self.cooperation.version,
            stage=Stage.LOI,
            user=self.admin,
        )
        self.cooperation.refresh_from_db()
        self.assertEqual(self.cooperation.stage, Stage.LOI)
        self.assertEqual(
            (change.from_stage, change.to_stage, change.changed_by, change.override_reason),
            (Stage.EXPLORATION, Stage.LOI, self.admin, ""),
        )

    def test_signing_accepts_either_an_mou_or_a_pks(self):
        self.add(
            DocumentKind.LOI, DocumentKind.PLAN, DocumentKind.DPRD_APPROVAL, DocumentKind.CENTRAL_APPROVAL
        )
        self.add(DocumentKind.AGREEMENT)
        move_to_stage(
            cooperation=self.cooperation,
            expected_version=self.cooperation.version,
            stage=Stage.SIGNED,
            user=self.admin,
        )
        self.assertEqual(missing_evidence(self.cooperation, Stage.IMPLEMENTATION), [])

    def test_ending_needs_no_document(self):
        move_to_stage(
            cooperation=self.cooperation,
            expected_version=self.cooperation.version,
            stage=Stage.ENDED,
            user=self.admin,
        )
        self.cooperation.refresh_from_db()
        self.assertEqual(self.cooperation.stage, Stage.ENDED)

    def test_a_superuser_overrides_only_with_a_reason_which_is_kept(self):
        root = make_superuser()
        with self.assertRaises(ValidationError) as refused:
            move_to_stage(
                cooperation=self.cooperation,
                expected_version=self.cooperation.version,
                stage=Stage.SIGNED,
                user=root,
                override_reason="  ",
            )
        self.assertIn("giving the reason", refused.exception.messages[0])
        change = move_to_stage(
            cooperation=self.cooperation,
            expected_version=self.cooperation.version,
            stage=Stage.SIGNED,
            user=root,
            override_reason="Arsip kertas",
        )
        self.assertEqual(change.override_reason, "Arsip kertas")
        self.cooperation.refresh_from_db()
        self.assertEqual(self.cooperation.stage, Stage.SIGNED)

    def test_a_reason_does_not_let_anyone_else_override(self):
        with self.assertRaises(ValidationError):
            move_to_stage(
                cooperation=self.cooperation,
                expected_version=self.cooperation.version,
                stage=Stage.LOI,
                user=self.admin,
                override_reason="Mendesak",
            )

    def test_only_those_who_may_change_the_cooperation_move_it(self):
        for user in (self.fixture.staff, self.fixture.leader):
            with self.subTest(user=user.username), self.assertRaises(ValidationError):
                move_to_stage(
                    cooperation=self.cooperation,
                    expected_version=self.cooperation.version,
                    stage=Stage.ENDED,
                    user=user,
                )
        self.cooperation.refresh_from_db()
        self.assertEqual(self.cooperation.stage, Stage.EXPLORATION)

    def test_a_move_based_on_an_older_version_is_refused(self):
        opened_at = self.cooperation.version
        move_to_stage(
            cooperation=self.cooperation, expected_version=opened_at, stage=Stage.ENDED, user=self.admin
        )
        with self.assertRaises(ValidationError) as refused:
            move_to_stage(
                cooperation=self.cooperation,
                expected_version=opened_at,
                stage=Stage.EXPLORATION,
                user=self.admin,
            )
        self.assertIn("kerjasama", refused.exception.messages[0])
        self.cooperation.refresh_from_db()
        self.assertEqual(self.cooperation.stage, Stage.ENDED)

    def test_the_next_stage_follows_the_regulation(self):
        self.assertEqual(next_stage(Stage.LOI), Stage.PLAN)
        self.assertEqual(next_stage(Stage.PLAN), Stage.DPRD_APPROVAL)
        self.assertEqual(next_stage(Stage.CENTRAL_APPROVAL), Stage.SIGNED)
        self.assertIsNone(next_stage(Stage.RENEWAL))
