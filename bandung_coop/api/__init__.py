"""The read API under /api/v1/: the register as JSON for other systems."""
