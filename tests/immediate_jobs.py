"""The tests' job queue: each job runs at once, inside the request or
command that queues it, with N+1 detection of its own, as it would have in a
worker's process (a job reading what its request read is no N+1)."""

from django_tasks.backends.immediate import ImmediateBackend
from zeal import zeal_context


class ImmediateJobBackend(ImmediateBackend):
    def enqueue(self, task, args, kwargs):
        with zeal_context():
            return super().enqueue(task, args, kwargs)
