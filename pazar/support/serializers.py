"""Bodies of the contact-us endpoints (seed 000)."""

from rest_framework import serializers

from pazar.orders.models import Order
from pazar.support import error_codes
from pazar.support.models import ContactUsSubject
from pazar.support.uploads import attachment_validate


class ContactUsSubjectSerializer(serializers.ModelSerializer):
    """`{"id", "text", "is_order_needed"}`, the text in the request's language."""

    class Meta:
        model = ContactUsSubject
        fields = ["id", "text", "is_order_needed"]
        read_only_fields = fields


class OptionalOrderField(serializers.IntegerField):
    """An order id; "" (what the storefront's form sends when no order is picked) means no order."""

    def to_internal_value(self, data):
        return None if data == "" else super().to_internal_value(data)


class ContactUsSerializer(serializers.Serializer):
    """The contact form. `context["user"]` is the logged-in user, or None."""

    subject = serializers.IntegerField()
    full_name = serializers.CharField(max_length=70)
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(max_length=70, required=False, allow_blank=True, default="")
    message = serializers.CharField(max_length=5000)
    file = serializers.FileField(required=False, allow_null=True, allow_empty_file=True)
    order = OptionalOrderField(required=False, allow_null=True)
    operation = serializers.CharField(max_length=64, required=False, allow_blank=True, allow_null=True)

    def validate_subject(self, value):
        subject = ContactUsSubject.objects.filter(pk=value, is_active=True).first()
        if subject is None:
            raise serializers.ValidationError(error_codes.INACTIVE_SUBJECT)
        return subject

    def validate_file(self, value):
        if value is None:
            return None
        storage_name, mime = attachment_validate(value)
        return (value.name, storage_name, mime, value.read())

    def validate(self, attrs):
        subject, order_id = attrs["subject"], attrs.get("order")
        order = None
        if order_id is not None:
            # Someone else's order answers exactly like a missing one.
            user = self.context.get("user")
            orders = (
                Order.objects.filter(user=user) if user else Order.objects.filter(user__email__iexact=attrs["email"])
            )
            order = orders.filter(pk=order_id).first()
            if order is None:
                raise serializers.ValidationError({"order": [error_codes.ORDER_REQUIRED]})
        if subject.is_order_needed and order is None:
            raise serializers.ValidationError({"order": [error_codes.ORDER_REQUIRED]})
        attrs["order"] = order
        return attrs
