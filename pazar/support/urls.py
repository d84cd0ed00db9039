"""Routes of the support app."""

urlpatterns: list = []
