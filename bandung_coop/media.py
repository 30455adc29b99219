"""Uploaded files, served only to logged-in users who may see their record.

The web server never serves MEDIA_ROOT directly: a document or attachment
is looked up by its stored name and checked like the record it belongs to.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils._os import safe_join

from accounts.roles import has_any_role
from meetings.models import Attachment
from partnerships.models import ActionPlanTarget, Document


def _may_download(user, name: str) -> bool:
    if not has_any_role(user):
        return False
    if Document.objects.filter(file=name).exists():
        return True
    if ActionPlanTarget.objects.visible_to(user).filter(evidence_file=name).exists():
        return True
    return Attachment.objects.visible_to(user).filter(file=name).exists()


@login_required
def protected_media(request, path: str):
    if not _may_download(request.user, path):
        raise Http404
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
        return FileResponse(open(full_path, "rb"), as_attachment=True)
    except (OSError, ValueError) as missing:
        raise Http404 from missing
