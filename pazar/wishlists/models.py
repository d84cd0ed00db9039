"""Favourites and stock alerts: a shopper's products to come back to, or to be told about."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pazar.catalog.models import Product
from pazar.core.models import BaseModel


class FavouriteProduct(BaseModel):
    """A product in a shopper's favourites; once per shopper and product (the database says so)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourite_products")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "product"], name="wishlists_favourite_user_product"),
        ]
        indexes = [models.Index(fields=["user", "-id"], name="wishlists_favourite_user_id")]

    def __str__(self):
        return f"{self.user_id} ♥ {self.product_id}"


class ProductAlert(BaseModel):
    """A shopper's wish to be emailed when a product is back in stock.

    Open until answered: `is_open` goes false and `notified_date` is set in the transaction that
    queues its one email (pazar/wishlists/services.py). A shopper has at most one open alert per
    product; once answered, a new one may be asked for.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="product_alerts")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    is_open = models.BooleanField(_("open"), default=True)
    notified_date = models.DateTimeField(_("notified"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "product"],
                condition=models.Q(is_open=True),
                name="wishlists_alert_open_user_product",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-id"], condition=models.Q(is_open=True), name="wishlists_alert_open_user_id"),
            # the open alerts of a product, read when it is back in stock
            models.Index(fields=["product"], condition=models.Q(is_open=True), name="wishlists_alert_open_product"),
        ]

    def __str__(self):
        return f"{self.user_id} ⏰ {self.product_id}"
