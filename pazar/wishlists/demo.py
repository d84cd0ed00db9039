"""Demo favourites and a stock alert for Ayşe: two products she likes, one she waits for."""

from pazar.core.demo import DemoContext
from pazar.wishlists.models import FavouriteProduct, ProductAlert

FAVOURITE_SKUS = ("DEMO-SWEAT-001", "DEMO-TV-003")
ALERT_SKU = "DEMO-SHIRT-002"  # out of stock in the demo catalog


def build(ctx: DemoContext) -> None:
    ayse = ctx.objects["shoppers"][0]
    products = {product.sku: product for product in ctx.objects["products"]}
    for sku in FAVOURITE_SKUS:
        FavouriteProduct.objects.get_or_create(user=ayse, product=products[sku])
    ProductAlert.objects.get_or_create(user=ayse, product=products[ALERT_SKU], is_open=True)
