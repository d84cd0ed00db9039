"""Routes of the offers app: the account's offers pages (`/account/...`)."""

from django.urls import path

from pazar.offers import views

urlpatterns = [
    path("account/basket-offers/", views.BasketOffersView.as_view(), name="basket-offers"),
    path("account/future-basket-offers/", views.FutureBasketOffersView.as_view(), name="future-basket-offers"),
    path("account/expired-basket-offers/", views.ExpiredBasketOffersView.as_view(), name="expired-basket-offers"),
    path("account/discount-items/", views.DiscountItemListView.as_view(), name="discount-items"),
]
