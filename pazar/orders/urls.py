"""Routes of the orders app."""

urlpatterns: list = []
