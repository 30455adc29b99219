"""Date and number formats that override Django's."""
