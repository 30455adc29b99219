"""Every string of the project has an Indonesian translation, and the
compiled catalog matches its source, so no gettext tools are needed to install."""

import ast
import re
from pathlib import Path

import polib
from django.test import SimpleTestCase
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"
SOURCE_DIRS = ("bandung_coop", "coop_lib", "accounts", "partnerships", "meetings", "figures", "templates")
TRANSLATING_FUNCTIONS = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
}


def project_files(suffix: str):
    for directory in SOURCE_DIRS:
        for path in sorted((ROOT / directory).rglob(f"*{suffix}")):
            if "migrations" not in path.parts:
                yield path


def marked_strings(source: str) -> set[str]:
    """The first string argument of every translation call in Python source."""
    strings = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        position = 1 if name in ("pgettext", "pgettext_lazy") else 0
        if name in TRANSLATING_FUNCTIONS and len(node.args) > position:
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                strings.add(argument.value)
    return strings


# templatize() turns a template into gettext calls with repr()-quoted strings.
_LITERAL = r"""u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATE_CALL = re.compile(rf"\b(n?gettext|pgettext|npgettext)\(\s*{_LITERAL}(?:\s*,\s*{_LITERAL})?")


def template_strings(template_source: str, origin: str) -> set[str]:
    strings = set()
    for function, first, second in TEMPLATE_CALL.findall(templatize(template_source, origin=origin)):
        literal = second if function.startswith(("pgettext", "npgettext")) else first
        strings.add(ast.literal_eval(literal).replace("%%", "%"))
    return strings


def project_strings() -> dict[str, Path]:
    found = {}
    for path in project_files(".py"):
        for string in marked_strings(path.read_text(encoding="utf-8")):
            found.setdefault(string, path)
    for path in [*project_files(".html"), *project_files(".txt")]:
        # The same conversion makemessages applies to templates.
        for string in template_strings(path.read_text(encoding="utf-8"), str(path)):
            found.setdefault(string, path)
    return found


class CatalogTests(SimpleTestCase):
    def setUp(self):
        self.catalog = polib.pofile(str(CATALOG))

    def test_every_project_string_has_an_indonesian_translation(self):
        translated = {
            entry.msgid
            for entry in self.catalog
            if not entry.obsolete
            and "fuzzy" not in entry.flags
            and (entry.msgstr or (entry.msgstr_plural and all(entry.msgstr_plural.values())))
        }
        strings = project_strings()
        self.assertGreater(len(strings), 100)
        missing = sorted(
            f"{path.relative_to(ROOT)}: {string!r}"
            for string, path in strings.items()
            if string not in translated
        )
        self.assertEqual(missing, [], "strings without an Indonesian translation")

    def test_the_compiled_catalog_matches_the_source_catalog(self):
        compiled = {
            entry.msgid: entry.msgstr or entry.msgstr_plural
            for entry in polib.mofile(str(CATALOG.with_suffix(".mo")))
        }
        for entry in self.catalog:
            if entry.obsolete or not entry.msgid or "fuzzy" in entry.flags:
                continue
            with self.subTest(msgid=entry.msgid):
                self.assertIn(entry.msgid, compiled)
