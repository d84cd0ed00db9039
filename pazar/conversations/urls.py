"""Routes of the conversations app."""

urlpatterns: list = []
