"""Request bodies of the wishlist writes, and the responses' schema declarations (`@schema_only`)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pazar.catalog.models import Product
from pazar.catalog.serializers import ProductSerializer
from pazar.core.builders import schema_only


class FavouriteProductCreateSerializer(serializers.Serializer):
    """`POST /wishlists/favourite-products/`: the product's id (the client sends a form field)."""

    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())


class ProductAlertCreateSerializer(serializers.Serializer):
    """`POST /wishlists/product-alerts/`: the product's id and, optionally, the account's own email.

    The alert goes to the account's address; `email`, when given, must be that address (compared
    without case), so nobody can have pazar email a stranger.
    """

    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())
    email = serializers.EmailField(required=False, allow_blank=True)

    def validate_email(self, value: str) -> str:
        user = self.context["request"].user
        if value and value.casefold() != (user.email or "").casefold():
            raise serializers.ValidationError(
                _("Stock alerts are sent to your account's email address; send that address or none.")
            )
        return value


@schema_only
class WishlistItemCreatedSerializer(serializers.Serializer):
    """The body of a created favourite or alert: its id and the product's id."""

    pk = serializers.IntegerField(read_only=True)
    product = serializers.IntegerField(read_only=True)


@schema_only
class FavouriteProductSerializer(serializers.Serializer):
    """A favourite as the list answers it: its id and the product (pazar/catalog/builders.py)."""

    pk = serializers.IntegerField(read_only=True)
    product = ProductSerializer(read_only=True)


@schema_only
class ProductAlertSerializer(serializers.Serializer):
    """An open stock alert as the list answers it: its id and the product."""

    pk = serializers.IntegerField(read_only=True)
    product = ProductSerializer(read_only=True)
