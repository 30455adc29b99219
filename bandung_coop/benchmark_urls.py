"""The site's URLs plus the baseline admin, for ``manage.py bench`` only."""

from bandung_coop.benchmark import benchmark_urlpatterns

urlpatterns = benchmark_urlpatterns()
