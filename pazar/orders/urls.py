"""Routes of the orders app: /users/orders/..., /users/old-orders/..., /users/order_item/..., /orders/<pk>/cancel/"""

from django.urls import path

from pazar.orders import views
from pazar.orders.tradein import views as tradein_views

urlpatterns = [
    path("users/orders/", views.OrderListView.as_view(), name="order-list"),
    path(
        "users/orders/cancellation_reasons/",
        views.CancellationReasonListView.as_view(),
        name="cancellation-reason-list",
    ),
    path(
        "users/orders/cancellation_requests/",
        views.CancellationRequestListCreateView.as_view(),
        name="cancellation-request-list",
    ),
    path(
        "users/orders/bulk_cancellation_requests/",
        views.BulkCancellationRequestView.as_view(),
        name="cancellation-request-bulk",
    ),
    path("users/orders/anonymous/", views.GuestOrderLookupView.as_view(), name="order-guest-lookup"),
    path("users/orders/<int:id>/", views.OrderDetailView.as_view(), name="order-detail"),
    path("users/orders/<int:id>/cancellation/", views.OrderCancellationView.as_view(), name="order-cancellation"),
    path("orders/<int:id>/cancel/", views.OrderCancelView.as_view(), name="order-cancel"),
    path("users/old-orders/", views.OldOrderListView.as_view(), name="old-order-list"),
    path("users/old-orders/<int:id>/", views.OldOrderDetailView.as_view(), name="old-order-detail"),
    path(
        "users/order_item/<int:id>/tradein_approved/",
        tradein_views.TradeInApproveView.as_view(),
        name="tradein-approve",
    ),
    path(
        "users/order_item/<int:id>/tradein_rejected/", tradein_views.TradeInRejectView.as_view(), name="tradein-reject"
    ),
]
