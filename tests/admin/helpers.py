from html.parser import HTMLParser

from django.contrib.auth import get_user_model


def make_superuser(username: str = "root"):
    return get_user_model().objects.create_superuser(username, f"{username}@example.org", "pw-for-tests-1")


def empty_inlines(*prefixes: str) -> dict[str, str]:
    """Management-form fields of inline formsets submitted with no rows."""
    data = {}
    for prefix in prefixes:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


class _FormFields(HTMLParser):
    """The fields a browser would submit from a page's form with ``form_id``
    (by default the admin's change form, ``<model>_form``), as name -> list of values."""

    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.done = form_id, False, False
        self.data: dict[str, list[str]] = {}
        self.select: tuple[str, bool] | None = None
        self.select_options: list[tuple[str, bool]] = []
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done:
            form_id = attrs.get("id", "")
            self.inside = self.inside or (
                form_id == self.form_id if self.form_id else form_id.endswith("_form")
            )
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.data.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "select" and name:
            self.select, self.select_options = (name, "multiple" in attrs), []
        elif tag == "option" and self.select:
            self.select_options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "select" and self.select:
            name, multiple = self.select
            chosen = [value for value, selected in self.select_options if selected]
            if not chosen and not multiple and self.select_options:
                chosen = [self.select_options[0][0]]
            self.data.setdefault(name, []).extend(chosen)
            self.select = None
        elif tag == "textarea" and self.textarea:
            # A browser drops the one newline that follows <textarea>.
            self.data.setdefault(self.textarea, []).append(self.text.removeprefix("\n"))
            self.textarea = None


def submitted_form(response, form_id: str | None = None) -> dict[str, list[str]]:
    """What a browser would send back from the page's form, unchanged."""
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    return parser.data
