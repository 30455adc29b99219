"""Test settings: the application's settings plus an N+1 query detector.

django-zeal raises on any request that loads a relation row by row in a
loop, so a list or page that would grow its query count fails the tests.
"""

from bandung_coop.settings import *  # noqa: F403
from bandung_coop.settings import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
MIDDLEWARE = [*MIDDLEWARE, "tests.n_plus_one.detect_n_plus_one_on_reads"]
ZEAL_RAISE = True

# Hashing passwords slowly protects accounts, not tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
