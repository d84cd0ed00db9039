"""Back office for favourites and stock alerts (read mostly: shoppers write them)."""

from django.contrib import admin

from pazar.wishlists.models import FavouriteProduct, ProductAlert


@admin.register(FavouriteProduct)
class FavouriteProductAdmin(admin.ModelAdmin):
    list_display = ["pk", "user", "product", "created_date"]
    raw_id_fields = ["user", "product"]
    list_select_related = ["user", "product"]
    search_fields = ["user__email", "product__sku", "product__name"]
    show_full_result_count = False


@admin.register(ProductAlert)
class ProductAlertAdmin(admin.ModelAdmin):
    """Alerts are answered by the stock service (catalog.services.product_stock_set), not here."""

    list_display = ["pk", "user", "product", "is_open", "created_date", "notified_date"]
    list_filter = ["is_open"]
    raw_id_fields = ["user", "product"]
    list_select_related = ["user", "product"]
    search_fields = ["user__email", "product__sku", "product__name"]
    readonly_fields = ["is_open", "notified_date"]
    show_full_result_count = False
