"""Database constraints shared by the models of both apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def choices_constraint(prefix: str, field: str, choices: type[models.TextChoices]) -> models.CheckConstraint:
    """Refuse values outside ``choices`` in the database itself, not only in forms."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": choices.values}),
        name=f"{prefix}_{field}_valid",
        violation_error_message=_("Select a valid choice."),
    )
