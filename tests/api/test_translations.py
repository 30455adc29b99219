"""Installing Django REST framework leaves Django's own Indonesian messages
as they were: its catalog would otherwise reword some of them on every form."""

from pathlib import Path

import django
import polib
import rest_framework
from django.conf import settings
from django.test import SimpleTestCase
from django.utils import translation


def catalog(package, language: str = "id") -> dict[str, str]:
    path = Path(package.__file__).parent / "locale" / language / "LC_MESSAGES" / "django.mo"
    return {entry.msgid: entry.msgstr for entry in polib.mofile(str(path)) if entry.msgstr}


class DjangoWordingTests(SimpleTestCase):
    def test_djangos_messages_keep_their_indonesian(self):
        # Django's wording, or the project's where its catalog has its own.
        project = settings.LOCALE_PATHS[0] / "id" / "LC_MESSAGES" / "django.po"
        expected = catalog(django.conf) | {e.msgid: e.msgstr for e in polib.pofile(str(project)) if e.msgstr}
        shared = catalog(rest_framework).keys() & catalog(django.conf).keys()
        self.assertIn("Enter a valid URL.", shared)
        with translation.override("id"):
            for message in shared:
                with self.subTest(message=message):
                    self.assertEqual(translation.gettext(message), expected[message])
