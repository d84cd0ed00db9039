"""Routes of the wishlists app: /wishlists/favourite-products/... and /wishlists/product-alerts/..."""

from django.urls import path

from pazar.wishlists import views

urlpatterns = [
    path("wishlists/favourite-products/", views.FavouriteProductListCreateView.as_view(), name="favourite-list"),
    path("wishlists/favourite-products/<int:pk>/", views.FavouriteProductDetailView.as_view(), name="favourite-detail"),
    path("wishlists/product-alerts/", views.ProductAlertListCreateView.as_view(), name="product-alert-list"),
    path("wishlists/product-alerts/<int:pk>/", views.ProductAlertDetailView.as_view(), name="product-alert-detail"),
]
