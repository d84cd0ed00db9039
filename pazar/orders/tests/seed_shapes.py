"""The keys seed 003 shows in each response, and `assert_shape`, to compare responses with its examples."""

from pazar.catalog.serializers import DataSourceSerializer
from pazar.orders import openapi

# fmt: off

ORDER_KEYS = {
    "id", "status", "currency", "orderitem_set", "discountitem_set", "is_cancelled", "is_cancellable",
    "is_refundable", "shipping_address", "billing_address", "shipping_company", "client_type", "payment_option",
    "amount_without_discount", "is_payable", "tracking_url", "bank", "loyaltytransaction_set", "created_date",
    "modified_date", "number", "amount", "discount_amount", "shipping_amount", "shipping_tax_rate",
    "refund_amount", "discount_refund_amount", "shipping_refund_amount", "invoice_number", "invoice_date",
    "e_archive_url", "tracking_number", "defined_tracking_url", "remote_addr", "has_gift_box", "gift_box_note",
    "language_code", "notes", "delivery_range", "extra_field", "user_email", "shipping_option_slug",
    "payment_option_slug", "bin_number", "installment_count", "installment_interest_amount",
    "shipping_tracking_url", "user", "basket", "shipping_option", "card", "installment", "segment",
    "checkout_provider",
}
ORDER_ITEM_KEYS = {
    "id", "status", "price_currency", "product", "is_cancelled", "is_cancellable", "is_refundable",
    "cancellationrequest_set", "active_cancellation_request", "shipping_company", "tracking_url", "is_tradable",
    "available_easy_return_shipping_companies", "datasource_detailed", "extra_product_stock_detailed",
    "extra_product_price_detailed", "shipping_option_group", "created_date", "modified_date", "attributes",
    "attributes_kwargs", "localized_attributes", "localized_attributes_kwargs", "price", "tax_rate",
    "invoice_number", "invoice_date", "e_archive_url", "tracking_number", "defined_tracking_url", "retail_price",
    "image", "extra_field", "estimated_delivery_date", "shipping_tracking_url", "order", "parent",
    "extra_product_price", "extra_product_stock", "datasource",
}
# pazar adds the item's quantity, which cancellation requests are counted against, and the client's
# OrderItem type reads unit_price and total_amount.
ORDER_ITEM_EXTRA_KEYS = {"quantity", "unit_price", "total_amount"}
PRODUCT_KEYS = {
    "pk", "sku", "base_code", "name", "image", "absolute_url", "attributes", "attributes_kwargs", "form_schema",
    "data_source", "extra_attributes",
}
# pazar's one product shape (pazar/catalog/builders.py) adds the fields of the client's Product type.
PRODUCT_EXTRA_KEYS = {
    "price", "retail_price", "currency_type", "in_stock", "stock", "is_ready_to_basket", "productimage_set",
    "productvideo_set", "attribute_set", "basket_offers", "price_type", "product_type", "unit_type", "extra_data",
    "created_date", "modified_date",
}
DISCOUNT_KEYS = {"name", "amount", "created_date", "order_number", "currency"}
# the client's PaymentOption type adds payment_type_label
PAYMENT_OPTION_KEYS = {"pk", "name", "payment_type", "payment_type_label", "slug"}
BANK_KEYS = {"pk", "name", "slug", "logo"}
CANCELLATION_REQUEST_KEYS = {
    "id", "cancellation_type", "status", "easy_return", "created_date", "modified_date", "uuid", "description",
    "iban", "holder_name", "reason", "order_item", "quantity", "fully_refund_as_loyalty_money",
}
EASY_RETURN_KEYS = {
    "status", "code", "end_date", "tracking_url", "tracking_number", "shipping_company", "pickup_date", "start_date",
}
EASY_RETURN_COMPANY_KEYS = {"pk", "shipping_company", "name"}
CANCELLATION_REASON_KEYS = {
    "id", "cancellation_type", "translations", "created_date", "modified_date", "uuid", "subject",
    "extra_information_needed", "order", "is_active",
}
OLD_ORDER_KEYS = {
    "id", "currency", "shipping_company", "oldorderitem_set", "number", "user_email", "status", "created_date",
    "amount", "discount_amount", "payment_type", "bank", "installment_count", "tracking_number",
    "shipping_address", "billing_address", "extra_field", "user",
}
# fmt: on


# --- a response against an example of orders/openapi.py, recursively ---

LABEL = {"value": "200", "label": "Bekliyor"}
# A seller as DataSourceSerializer declares it (seed 003 shows none inside an order).
SELLER = {
    **dict.fromkeys(DataSourceSerializer.Meta.fields, ""),
    "pk": 1,
    "extras": {},
    "price_list": 1,
    "stock_list": 1,
    "is_active": True,
}
# What an example shows empty or null, and the objects it would hold otherwise.
EXAMPLES = {
    "cancellationrequest_set": openapi.CANCELLATION_REQUEST,
    "active_cancellation_request": openapi.CANCELLATION_REQUEST,
    "easy_return": openapi.EASY_RETURN,
    "shipping_company": LABEL,
    "datasource_detailed": SELLER,
}
# Free-form JSON objects: their keys are the data's, not the shape's.
FREE = {
    "attributes",
    "attributes_kwargs",
    "localized_attributes",
    "localized_attributes_kwargs",
    "extra_attributes",
    "extra_field",
    "extras",
    "translations",
}


def _json_type(value):
    return {bool: "boolean", int: "number", float: "number", str: "string", dict: "object", list: "array"}[type(value)]


def assert_shape(built, example, path="$", key=None):
    """`built` has the example's keys, recursively, with values of the same JSON types (the examples
    hold every declared key: core/tests/test_schema_examples.py)."""
    if built is None or example is None:
        return
    assert _json_type(built) == _json_type(example), f"{path}: {built!r} is not like {example!r}"
    if isinstance(built, dict) and key not in FREE:
        expected = set(example)
        assert set(built) == expected, f"{path}: {set(built) ^ expected}"
        for name, value in built.items():
            inner = example.get(name)
            if name in EXAMPLES and (inner is None or inner == []):
                inner = EXAMPLES[name] if name.endswith("_set") is False else [EXAMPLES[name]]
            assert_shape(value, inner, f"{path}.{name}", name)
    elif isinstance(built, list) and example:
        for index, value in enumerate(built):
            assert_shape(value, example[0], f"{path}[{index}]", key)
