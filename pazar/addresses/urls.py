"""Routes of the addresses app: /address/... (the address book and the location lists)."""

from django.urls import path

from pazar.addresses import views

urlpatterns = [
    path("address/", views.AddressListCreateView.as_view(), name="address-list"),
    path("address/detailed/", views.AddressDetailedListView.as_view(), name="address-detailed-list"),
    path("address/country/", views.CountryListView.as_view(), name="address-country-list"),
    path("address/city/", views.CityListView.as_view(), name="address-city-list"),
    path("address/township/", views.TownshipListView.as_view(), name="address-township-list"),
    path("address/district/", views.DistrictListView.as_view(), name="address-district-list"),
    path("address/<int:pk>/", views.AddressDetailView.as_view(), name="address-detail"),
]
