"""What concerns a user, under the bell of every page: the digests' items
for their OPD (or the whole city, for the cooperation division), changes
others made to their OPD's records, and approvals waiting.

``reminders`` turns the daily run's digests into notifications, ``changes``
reads the audit trail, ``audience`` says who hears of what, ``services``
marks them read and clears old ones; the bell, the list and the links are
``context_processors``, ``views`` and ``urls``.
"""
