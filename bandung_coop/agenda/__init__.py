"""What is coming, sent out: the daily e-mail digests and the calendar feeds."""
