"""Orders, items, cancellation and refund requests, easy return, old orders, trade-in."""

from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "pazar.orders"
    label = "orders"
