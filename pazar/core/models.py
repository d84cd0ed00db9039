"""Abstract models every domain builds on."""

from django.db import models


class BaseModel(models.Model):
    """A row with creation and modification times."""

    created_date = models.DateTimeField(auto_now_add=True, db_index=True)
    modified_date = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ListVersion(models.Model):
    """A list's version, kept by database triggers: HTTP revalidation reads it (pazar/core/revalidation.py).

    One row per (scope, key), e.g. ("orders", a user's id) or ("catalog", 0); every insert, update or
    delete of a row that the list shows adds one to `version`, through a trigger the owning app
    installs (orders/list_versions.py, conversations/list_versions.py), so the services, the admin, bulk
    updates and imports all count. A missing row is version 0. `mark` is a time the trigger keeps
    with the version when the list changes with the clock (the orders: the latest delivery).
    `members` is the list's total, for lists whose table declares its members (list_versions.Members):
    a page reads it instead of counting rows.
    """

    scope = models.CharField(max_length=32)
    key = models.BigIntegerField()
    version = models.BigIntegerField(default=0)
    modified = models.DateTimeField(null=True, blank=True)
    mark = models.DateTimeField(null=True, blank=True)
    members = models.BigIntegerField(default=0, db_default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="core_listversion_scope_key")]

    def __str__(self):
        return f"{self.scope}:{self.key} v{self.version}"
