"""Uploaded files, served only to logged-in users who may see their record.

The web server never serves MEDIA_ROOT directly: a document or attachment
is looked up by its stored name and checked like the record it belongs to.

``?lihat=1`` asks to see a file in the browser rather than download it: a
PDF opens in the browser's own viewer, an image shows in the page. Only
those kinds are shown, and only when the file's first bytes are what its
name says; anything else is downloaded, so an uploaded page can never run
in the application's origin.
"""

from pathlib import PurePosixPath

from csp.decorators import csp_exempt
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils._os import safe_join

from accounts.roles import has_any_role
from meetings.models import Attachment
from partnerships.models import ActionPlanTarget, Document

VIEW_PARAMETER = "lihat"
# What a browser shows itself, each known by how its file begins.
SHOWN_IN_BROWSER = {
    ".pdf": b"%PDF-",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
}


def _may_download(user, name: str) -> bool:
    if not has_any_role(user):
        return False
    if Document.objects.filter(file=name).exists():
        return True
    if ActionPlanTarget.objects.visible_to(user).filter(evidence_file=name).exists():
        return True
    return Attachment.objects.visible_to(user).filter(file=name).exists()


def shown_in_browser(name: str) -> bool:
    """Whether a file of this name may be opened in the browser (if its
    content agrees): for the pages' "Lihat" links and image previews."""
    return PurePosixPath(name).suffix.lower() in SHOWN_IN_BROWSER


def _is_what_its_name_says(name: str, handle) -> bool:
    signature = SHOWN_IN_BROWSER[PurePosixPath(name).suffix.lower()]
    start = handle.read(len(signature))
    handle.seek(0)
    return start == signature


# Chromium's PDF viewer does not start under the pages' policy (object-src
# 'none'): a PDF shown in the browser has none (it is checked to be a PDF
# first); every other answer gets one that lets nothing run.
@csp_exempt()
@login_required
def protected_media(request, path: str):
    if not _may_download(request.user, path):
        raise Http404
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
        handle = open(full_path, "rb")  # noqa: SIM115 (the response closes it once sent)
    except (OSError, ValueError) as missing:
        raise Http404 from missing
    shown = VIEW_PARAMETER in request.GET and shown_in_browser(path) and _is_what_its_name_says(path, handle)
    response = FileResponse(handle, as_attachment=not shown)
    if not (shown and path.lower().endswith(".pdf")):
        # A download or an image needs no policy beyond refusing to run as a page.
        response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
