"""Routes of the preferences app: the newsletter (`/email-subscription/...`) and the currency."""

from django.urls import path

from pazar.preferences import views

urlpatterns = [
    path("email-subscription/", views.EmailSubscriptionView.as_view(), name="email-subscription"),
    path(
        "email-subscription/confirm/<str:token>/",
        views.EmailSubscriptionConfirmView.as_view(),
        name="email-subscription-confirm",
    ),
    path(
        "email-subscription/unsubscribe/<str:token>/",
        views.EmailSubscriptionUnsubscribeView.as_view(),
        name="email-subscription-unsubscribe",
    ),
    path("users/activate-currency/", views.ActivateCurrencyView.as_view(), name="activate-currency"),
]
