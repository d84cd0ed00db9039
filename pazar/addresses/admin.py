"""Back office for geography and addresses."""

from django.contrib import admin

from pazar.addresses.models import Address, City, Country, District, Township


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "priority", "is_active"]
    list_filter = ["is_active", "country"]
    search_fields = ["name"]
    list_select_related = ["country"]


@admin.register(Township)
class TownshipAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "city__name"]
    raw_id_fields = ["city"]
    list_select_related = ["city"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "township", "city", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "township__name"]
    raw_id_fields = ["city", "township"]
    list_select_related = ["city", "township"]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["pk", "user", "title", "first_name", "last_name", "city", "address_type", "primary"]
    list_filter = ["address_type", "is_corporate", "primary", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "first_name", "last_name", "line", "phone_number"]
    raw_id_fields = ["user", "country", "city", "township", "district"]
    list_select_related = ["user", "city"]
    show_full_result_count = False
