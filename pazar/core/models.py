"""Abstract models every domain builds on."""

from django.db import models


class BaseModel(models.Model):
    """A row with creation and modification times."""

    created_date = models.DateTimeField(auto_now_add=True, db_index=True)
    modified_date = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
