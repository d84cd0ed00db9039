"""Routes of the loyalty app: /account/loyalty-account-balance/, /account/loyalty/."""

from django.urls import path

from pazar.loyalty import views

urlpatterns = [
    path("account/loyalty-account-balance/", views.LoyaltyBalanceView.as_view(), name="loyalty-balance"),
    path("account/loyalty/", views.LoyaltyTransactionListView.as_view(), name="loyalty-transactions"),
]
