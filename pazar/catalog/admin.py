"""Back office for sellers, channels, products and lists."""

from django.contrib import admin

from pazar.catalog.models import Channel, DataSource, PriceList, Product, ProductImage, StockList
from pazar.catalog.services import product_stock_set


@admin.register(PriceList)
class PriceListAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "currency"]
    search_fields = ["name", "code"]
    list_filter = ["currency"]


@admin.register(StockList)
class StockListAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    """Sellers; apps that keep a seller's settings add their inlines (conversations/admin.py)."""

    inlines = []
    list_display = ["name", "slug", "title", "supplier_code", "email", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug", "title", "supplier_code", "email"]
    raw_id_fields = ["price_list", "stock_list"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["pk", "name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ["image", "order", "width", "height"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    """Products; a stock edited here goes through product_stock_set (so back-in-stock alerts are answered)."""

    list_display = ["sku", "name", "base_code", "price", "currency", "stock", "in_stock", "data_source", "created_date"]
    search_fields = ["sku", "base_code", "name"]
    list_filter = ["in_stock", "data_source"]
    raw_id_fields = ["data_source"]
    list_select_related = ["data_source"]
    readonly_fields = ["in_stock"]
    inlines = [ProductImageInline]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        # Only the fields the form changed are written, and the stock never directly: it goes through
        # the one service, which keeps in_stock with it and answers back-in-stock alerts.
        stock = obj.stock
        if change:
            fields = [name for name in form.changed_data if name not in ("stock", "in_stock")]
            if fields:
                obj.save(update_fields=[*fields, "modified_date"])
        else:
            obj.stock, obj.in_stock = 0, False
            obj.save()
        if (change and "stock" in form.changed_data) or (not change and stock):
            updated = product_stock_set(product_id=obj.pk, stock=stock)
            obj.stock, obj.in_stock = updated.stock, updated.in_stock


@admin.register(ProductImage)
class ProductImageAdmin(admin.ModelAdmin):
    list_display = ["pk", "product", "image", "order"]
    raw_id_fields = ["product"]
    list_select_related = ["product"]
    search_fields = ["product__sku"]
