"""Back office for sellers, channels, products and lists."""

from django.contrib import admin

from pazar.catalog.models import Channel, DataSource, PriceList, Product, ProductImage, StockList
from pazar.conversations.admin import SellerNotificationSettingsForm
from pazar.conversations.models import SellerNotificationSettings


@admin.register(PriceList)
class PriceListAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "currency"]
    search_fields = ["name", "code"]
    list_filter = ["currency"]


@admin.register(StockList)
class StockListAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class SellerNotificationSettingsInline(admin.StackedInline):
    """Where the seller is told of new conversations and messages (docs/sellers.md)."""

    model = SellerNotificationSettings
    form = SellerNotificationSettingsForm
    extra = 1
    max_num = 1
    can_delete = False


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    inlines = [SellerNotificationSettingsInline]
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
    list_display = ["sku", "name", "base_code", "data_source", "created_date"]
    search_fields = ["sku", "base_code", "name"]
    list_filter = ["data_source"]
    raw_id_fields = ["data_source"]
    list_select_related = ["data_source"]
    inlines = [ProductImageInline]
    show_full_result_count = False


@admin.register(ProductImage)
class ProductImageAdmin(admin.ModelAdmin):
    list_display = ["pk", "product", "image", "order"]
    raw_id_fields = ["product"]
    list_select_related = ["product"]
    search_fields = ["product__sku"]
