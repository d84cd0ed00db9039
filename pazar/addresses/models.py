"""Geography and the addresses orders are shipped and billed to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pazar.core.models import BaseModel


class Country(BaseModel):
    """A country, by ISO code."""

    name = models.CharField(max_length=128)
    code = models.CharField(max_length=8, unique=True)
    is_active = models.BooleanField(default=True)
    translations = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name


class City(BaseModel):
    """A city of a country."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cities")
    name = models.CharField(max_length=128)
    is_active = models.BooleanField(default=True)
    priority = models.IntegerField(null=True, blank=True)
    postcode = models.CharField(max_length=16, null=True, blank=True)
    translations = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "cities"

    def __str__(self):
        return self.name


class Township(BaseModel):
    """A township of a city."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="townships")
    name = models.CharField(max_length=128)
    is_active = models.BooleanField(default=True)
    postcode = models.CharField(max_length=16, null=True, blank=True)

    def __str__(self):
        return self.name


class District(BaseModel):
    """A district of a township."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="districts")
    township = models.ForeignKey(Township, on_delete=models.PROTECT, related_name="districts", null=True, blank=True)
    name = models.CharField(max_length=128)
    is_active = models.BooleanField(default=True)
    postcode = models.CharField(max_length=16, null=True, blank=True)

    def __str__(self):
        return self.name


class AddressType(models.TextChoices):
    """Who an address belongs to."""

    CUSTOMER = "customer", _("customer")
    RETAIL_STORE = "retail_store", _("retail store")


class Address(BaseModel):
    """A user's shipping or billing address."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses")
    email = models.EmailField(blank=True, default="")
    phone_number = models.CharField(max_length=32, blank=True, default="")
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    country = models.ForeignKey(Country, on_delete=models.PROTECT)
    city = models.ForeignKey(City, on_delete=models.PROTECT)
    township = models.ForeignKey(Township, on_delete=models.PROTECT, null=True, blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True)
    line = models.CharField(max_length=512)
    title = models.CharField(max_length=128, blank=True, default="")
    postcode = models.CharField(max_length=16, blank=True, default="")
    notes = models.CharField(max_length=512, null=True, blank=True)
    company_name = models.CharField(max_length=255, blank=True, default="")
    tax_office = models.CharField(max_length=255, blank=True, default="")
    tax_no = models.CharField(max_length=64, blank=True, default="")
    e_bill_taxpayer = models.BooleanField(default=False)
    hash_data = models.CharField(max_length=64, blank=True, default="")
    address_type = models.CharField(max_length=16, choices=AddressType.choices, default=AddressType.CUSTOMER)
    retail_store = models.CharField(max_length=128, null=True, blank=True)
    remote_id = models.CharField(max_length=128, null=True, blank=True)
    identity_number = models.CharField(max_length=32, null=True, blank=True)
    extra_field = models.JSONField(null=True, blank=True)
    is_corporate = models.BooleanField(default=False)
    primary = models.BooleanField(default=False)
    # Set when the shopper deletes the address, or on the frozen copy its orders keep when it is
    # edited (pazar/addresses/services.py): the address book no longer shows it, its orders still do.
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "addresses"
        constraints = [
            # At most one default address per user, decided by the database (a deleted row is never primary).
            models.UniqueConstraint(fields=["user"], condition=models.Q(primary=True), name="addresses_one_primary"),
        ]

    def __str__(self):
        return f"{self.title or self.line} ({self.first_name} {self.last_name})"
