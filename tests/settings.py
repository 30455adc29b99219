"""Test settings: the application's settings plus an N+1 query detector.

django-zeal raises on any request that loads a relation row by row in a
loop, so a list or page that would grow its query count fails the tests.
Background jobs run at once, inside the request or command that queues
them (tests/jobs runs the database queue's worker too), and write their
files to a temporary folder.
"""

import atexit
import shutil
import tempfile

from bandung_coop.settings import *  # noqa: F403
from bandung_coop.settings import INSTALLED_APPS, MIDDLEWARE, STORAGES

INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
MIDDLEWARE = [*MIDDLEWARE, "tests.n_plus_one.detect_n_plus_one_on_reads"]
ZEAL_RAISE = True

# Hashing passwords slowly protects accounts, not tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

TASKS = {"default": {"BACKEND": "tests.immediate_jobs.ImmediateJobBackend", "QUEUES": ["default"]}}
JOB_FILES_ROOT = tempfile.mkdtemp(prefix="bandung-coop-job-files-")
STORAGES = {
    **STORAGES,
    "jobs": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": JOB_FILES_ROOT},
    },
}
# The folder goes when the test run ends.
atexit.register(shutil.rmtree, JOB_FILES_ROOT, ignore_errors=True)
