"""N+1 detection on every page the tests read.

Only GET requests are watched: a form submission legitimately looks up each
row it was sent (one per inline row), while a page that shows rows must not
load them one by one.
"""

from zeal import zeal_context


def detect_n_plus_one_on_reads(get_response):
    def middleware(request):
        if request.method != "GET":
            return get_response(request)
        with zeal_context():
            return get_response(request)

    return middleware
