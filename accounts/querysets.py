"""Which rows a user sees and changes, by role: one rule that the admin,
pages, exports, feeds and the write door all read."""

from django.db import models

from accounts.roles import department_id_of, has_any_role, is_cooperation_admin


class RoleScopedQuerySet(models.QuerySet):
    """Every role sees the rows. The cooperation division changes them all;
    OPD staff change the rows their department keeps, named by
    ``owner_field`` (a foreign key to the department), and none where a kind
    of record has no owner."""

    owner_field: str | None = None

    def visible_to(self, user):
        return self if has_any_role(user) else self.none()

    def editable_by(self, user):
        if is_cooperation_admin(user):
            return self
        department_id = department_id_of(user)
        if self.owner_field is None or department_id is None:
            return self.none()
        return self.filter(**{self.owner_field: department_id})

    def owner_chosen_by(self, user) -> bool:
        """Whether ``user`` picks the owner of a new record (the cooperation
        division does; a staff member's records are their department's)."""
        return is_cooperation_admin(user)

    def owner_of_new_records(self, user) -> int | None:
        """The department a staff member's new records belong to; None for
        a user who has none (and so adds nothing that has an owner)."""
        return department_id_of(user)
