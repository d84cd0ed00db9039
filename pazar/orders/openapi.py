"""OpenAPI examples and error responses of the orders endpoints, taken from seed 003."""

from drf_spectacular.utils import OpenApiResponse

from pazar.addresses.openapi import ADDRESS
from pazar.catalog.openapi import PRODUCT_EXTRA
from pazar.core.openapi import ERROR_403, ERROR_404, response_example

__all__ = ["ADDRESS", "ERROR_403", "ERROR_404", "response_example"]

EASY_RETURN = {
    "status": {"value": "active", "label": "Active"},
    "code": "14223",
    "end_date": None,
    "tracking_url": "https://wwww.test.com",
    "tracking_number": "12352355",
    "shipping_company": {"value": "extension", "label": "Extension Cargo"},
    "pickup_date": {"date": "2024-01-01", "hour_range": {"start": "09:00", "end": "12:00"}},
    "start_date": "2024-11-19T22:35:54.246615Z",
}

CANCELLATION_REQUEST = {
    "id": 1,
    "cancellation_type": "refund",
    "status": {"value": "open", "label": "Open"},
    "easy_return": EASY_RETURN,
    "created_date": "2024-11-19T22:35:54.246615Z",
    "modified_date": "2024-11-19T22:35:54.246633Z",
    "uuid": "8187c360-66da-4959-9f0b-9aa2ccac9001",
    "description": "test",
    "iban": "TR330006100519786457841326",
    "holder_name": "John Doe",
    "reason": 2,
    "order_item": 126,
    "quantity": 2,
    "fully_refund_as_loyalty_money": True,
}

ORDER_ITEM = {
    "id": 485,
    "status": {"value": "200", "label": "Bekliyor"},
    "price_currency": {"value": "try", "label": "TL"},
    "product": {
        "pk": 4283,
        "sku": "2672881068196",
        "base_code": "1KPARF0006",
        "name": "Repertoıre Room Spray 100 Ml",
        "image": "https://akinon.net/products/2017/01/23/6/fb8a31.jpg",
        "absolute_url": "/repertoire-room-spray-100-ml-violet/",
        "attributes": {"uretim_yeri": "TÜRKİYE"},
        "attributes_kwargs": {},
        "form_schema": None,
        "data_source": None,
        "extra_attributes": {},
        # pazar's one product shape adds the client's Product fields (pazar/catalog/builders.py)
        **PRODUCT_EXTRA,
    },
    "is_cancelled": False,
    "is_cancellable": True,
    "is_refundable": False,
    "cancellationrequest_set": [],
    "active_cancellation_request": None,
    "shipping_company": None,
    "tracking_url": None,
    "is_tradable": False,
    "available_easy_return_shipping_companies": [
        {"pk": 1, "shipping_company": {"value": "yurtici", "label": "Yurtiçi Kargo"}, "name": "2"}
    ],
    "datasource_detailed": None,
    "extra_product_stock_detailed": None,
    "extra_product_price_detailed": None,
    "shipping_option_group": None,
    "created_date": "2021-05-24T08:26:12.213928Z",
    "modified_date": "2021-05-24T08:26:12.213957Z",
    "attributes": {},
    "attributes_kwargs": {},
    "localized_attributes": {},
    "localized_attributes_kwargs": {},
    "price": "11.87",
    "quantity": 1,
    "tax_rate": "18.00",
    "invoice_number": None,
    "invoice_date": None,
    "e_archive_url": None,
    "tracking_number": None,
    "defined_tracking_url": None,
    "retail_price": "47.47",
    "image": None,
    "extra_field": {"price_extra_field": {}, "stock_extra_field": {}},
    "estimated_delivery_date": None,
    "shipping_tracking_url": None,
    "order": 1,
    "parent": None,
    "extra_product_price": None,
    "extra_product_stock": None,
    "datasource": None,
    "unit_price": "11.87",
    "total_amount": "11.87",
}

ORDER = {
    "id": 1,
    "status": {"value": "200", "label": "Bekliyor"},
    "currency": {"value": "try", "label": "TL"},
    "orderitem_set": [ORDER_ITEM],
    "discountitem_set": [
        {
            "name": "Sepette %40 İndirim",
            "amount": "399.60",
            "created_date": "2024-11-14T10:39:48.616579Z",
            "order_number": "1666226475313376",
            "currency": {"value": "try", "label": "TL"},
        }
    ],
    "is_cancelled": False,
    "is_cancellable": True,
    "is_refundable": False,
    "shipping_address": ADDRESS,
    "billing_address": ADDRESS,
    "shipping_company": None,
    "client_type": "default",
    "payment_option": {
        "pk": 18,
        "name": "Garanti Switch",
        "payment_type": "saved_card",
        "payment_type_label": "kayıtlı kart",
        "slug": "gswitch",
    },
    "amount_without_discount": "20.37",
    "is_payable": False,
    "tracking_url": None,
    "bank": {"pk": 5, "name": "Garanti Bankası", "slug": "garanti-bankas", "logo": None},
    "loyaltytransaction_set": [],
    "created_date": "2021-05-24T08:26:12.205731Z",
    "modified_date": "2021-05-24T08:26:12.205783Z",
    "number": "1666226475313376",
    "amount": "20.37",
    "discount_amount": "0.00",
    "shipping_amount": "8.50",
    "shipping_tax_rate": None,
    "refund_amount": "0.00",
    "discount_refund_amount": "0.00",
    "shipping_refund_amount": "0.00",
    "invoice_number": None,
    "invoice_date": None,
    "e_archive_url": None,
    "tracking_number": None,
    "defined_tracking_url": None,
    "remote_addr": "61.61.61.61",
    "has_gift_box": False,
    "gift_box_note": None,
    "language_code": "tr-tr",
    "notes": None,
    "delivery_range": None,
    "extra_field": None,
    "user_email": "testtest@test.com",
    "shipping_option_slug": "ARAS",
    "payment_option_slug": "gswitch",
    "bin_number": "554960",
    "installment_count": 1,
    "installment_interest_amount": "0.00",
    "shipping_tracking_url": None,
    "user": 1,
    "basket": 529,
    "shipping_option": 1,
    "card": 5,
    "installment": 5,
    "segment": None,
    "checkout_provider": None,
}

OLD_ORDER_ITEM = {
    "id": 7,
    "sku": "SKU-1",
    "name": "Tişört",
    "quantity": 1,
    "price": "10.00",
    "status": "delivered",
    "extra_field": {},
}

OLD_ORDER = {
    "id": 5,
    "currency": {"value": "try", "label": "TL"},
    "shipping_company": None,
    "oldorderitem_set": [OLD_ORDER_ITEM],
    "number": "12345",
    "user_email": "test_8@akinon.com",
    "status": "pasive",
    "created_date": "2023-01-16T19:35:12.330019Z",
    "amount": "10.00",
    "discount_amount": "8.00",
    "payment_type": "credit card",
    "bank": "garanti",
    "installment_count": 3,
    "tracking_number": "testtrack123",
    "shipping_address": "dene adress",
    "billing_address": "deneme address",
    "extra_field": {},
    "user": 1,
}

CANCELLATION_REASON = {
    "id": 1,
    "cancellation_type": "cancel",
    "translations": {"en": {"subject": "I got the wrong product"}, "tr": {"subject": "Yanlış Ürün Aldım"}},
    "created_date": "2021-05-28T08:26:58.140000Z",
    "modified_date": "2021-05-28T08:27:01.826000Z",
    "uuid": "cfce77a6-14cb-489c-b81f-72d565529737",
    "subject": "Yanlış Ürün Aldım",
    "extra_information_needed": False,
    "order": 100,
    "is_active": True,
}

CREATE_BODY = {
    "order_item": 12345,
    "reason": 67890,
    "cancellation_type": "refund",
    "description": "Test description",
    "shipping_company": 1,
    "pickup_address": 101,
    "pickup_date": {"date": "2024-01-01", "hour_range": {"start": "09:00", "end": "12:00"}},
    "iban": "TR330006100519786457841326",
    "holder_name": "John Doe",
    "fully_refund_as_loyalty_money": True,
    "quantity": 2,
}


ERROR_400 = OpenApiResponse(
    description='Field errors: {"field": ["message"]}; too large a quantity: {"quantity": "message"}.',
    examples=[
        response_example("Quantity", {"quantity": "Quantity can not be greater than order item quantity."}),
        response_example("Reason", {"reason": ["Select an active reason of this cancellation type."]}),
        response_example("IBAN", {"iban": ["Enter a valid IBAN."]}),
    ],
)
ERROR_406_REQUEST = OpenApiResponse(
    description=(
        "A business rule refused the request: cancellation_request_100_1 (an open request exists), "
        "_100_2 (cancel of a shipped item), _100_3 (refund of an undelivered item), _100_4 (return window "
        "ended), _100_5 (nothing left), _100_6 (shipping company unavailable), _100_8 (pickup address required)."
    ),
    examples=[
        response_example(
            "Pickup address",
            {"non_field_errors": "Pickup address is required.", "error_code": "cancellation_request_100_8"},
        ),
        response_example(
            "Active request",
            {
                "non_field_errors": "There is already an active cancellation request for this order item.",
                "error_code": "cancellation_request_100_1",
            },
        ),
    ],
)
ERROR_406_TRADEIN = OpenApiResponse(
    description="tradein_100_1 (no offer for this item) or tradein_100_2 (already answered).",
    examples=[
        response_example(
            "Answered",
            {"non_field_errors": "This trade-in offer has already been answered.", "error_code": "tradein_100_2"},
        )
    ],
)
