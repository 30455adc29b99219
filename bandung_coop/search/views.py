"""The search page, ``/cari/?q=...``."""

from django.shortcuts import render

from bandung_coop.pages.access import role_required
from bandung_coop.search.kinds import KINDS, PER_KIND
from bandung_coop.search.terms import MAX_LENGTH, Refused, read_terms


@role_required
def search(request):
    typed = request.GET.get("q", "")
    context = {"search_text": typed[:MAX_LENGTH], "groups": [], "per_kind": PER_KIND}
    try:
        terms = read_terms(typed)
    except Refused as refusal:
        context["refusal"] = str(refusal)
    else:
        context["search_text"] = terms.text
        context["groups"] = [kind(request, terms) for kind in KINDS]
        context["found"] = any(group.hits for group in context["groups"])
    return render(request, "search/results.html", context)
