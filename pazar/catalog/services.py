"""Writes of the catalog: a product's stock, the one place it changes."""

from django.db import transaction

from pazar.catalog.models import Product
from pazar.catalog.signals import product_back_in_stock


@transaction.atomic
def product_stock_set(*, product_id: int, stock: int) -> Product:
    """Set a product's stock (and `in_stock` with it) under a lock of its row.

    When the product goes from out of stock to in stock, the apps connected to
    `signals.product_back_in_stock` answer it in this transaction (each open stock alert: one email,
    through the outbox). The row lock makes concurrent updates and alert sign-ups take turns, so a
    transition is seen by exactly one of them.
    """
    if stock < 0:
        raise ValueError("A stock level cannot be negative.")
    product = Product.objects.select_for_update().get(pk=product_id)
    was_in_stock = product.in_stock
    product.stock = stock
    product.in_stock = stock > 0
    product.save(update_fields=["stock", "in_stock", "modified_date"])
    if product.in_stock and not was_in_stock:
        # The apps built on the catalog (wishlists' stock alerts) answer it in this transaction.
        product_back_in_stock.send(sender=Product, product=product)
    return product
