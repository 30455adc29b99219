"""Links to uploaded files on the pages: to see one in the browser, or to download it."""

from django import template

from bandung_coop.media import VIEW_PARAMETER, shown_in_browser

register = template.Library()


@register.filter
def view_url(file) -> str:
    """The address that shows ``file`` in the browser, or "" for a kind that
    is only downloaded."""
    if not file or not shown_in_browser(file.name):
        return ""
    return f"{file.url}?{VIEW_PARAMETER}=1"


@register.filter
def is_image(file) -> bool:
    return bool(file) and shown_in_browser(file.name) and not file.name.lower().endswith(".pdf")
