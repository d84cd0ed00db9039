"""OpenAPI examples and error responses of the address book, taken from seed 003."""

from drf_spectacular.utils import OpenApiResponse

from pazar.core.openapi import response_example

ADDRESS = {
    "pk": 63,
    "email": "testtest@test.com",
    "phone_number": "05555555555",
    "first_name": "Test",
    "last_name": "Test",
    "country": {"pk": 1, "is_active": True, "name": "Türkiye", "code": "tr", "translations": None},
    "city": {
        "pk": 13,
        "is_active": True,
        "name": "Adana",
        "country": 1,
        "translations": None,
        "priority": None,
        "postcode": None,
    },
    "line": "Test test test",
    "title": "Test",
    "township": {"pk": 271, "is_active": True, "name": "Test Name", "city": 13, "postcode": None},
    "district": {"pk": 3978, "is_active": True, "name": "Test", "city": 13, "township": 271, "postcode": None},
    "postcode": "61000",
    "notes": None,
    "company_name": "",
    "tax_office": "",
    "tax_no": "",
    "e_bill_taxpayer": False,
    "hash_data": "6800dd08a0d375b1d2016bbb3d6125f2",
    "address_type": "customer",
    "retail_store": None,
    "remote_id": None,
    "identity_number": None,
    "extra_field": None,
    "user": {
        "pk": 558297,
        "username": "61846705af4b21dd5fb7aab6b1b771cb",
        "first_name": "John",
        "last_name": "Doe",
        "email": "test.test@test.com",
        "is_active": True,
        "date_joined": "2023-06-14T07:27:17.917188Z",
        "last_login": "2024-11-19T13:48:39.198058Z",
        "email_allowed": True,
        "sms_allowed": True,
        "call_allowed": True,
        "gender": "female",
        "attributes": {"sap_id": "6764a455e-081da2e9d3ce"},
        "phone": "0000000",
        "date_of_birth": "1999-06-10",
        "attributes_kwargs": {},
        "user_type": "registered",
        "modified_date": "2024-07-31T10:56:45.221522Z",
    },
    "is_corporate": False,
    "primary": False,
}

ERROR_400 = OpenApiResponse(
    description='Field errors: {"field": ["message"]}.',
    examples=[response_example("Missing field", {"first_name": ["This field is required."]})],
)
ERROR_406 = OpenApiResponse(
    description="address_100_1: another default address was set at the same time; try again.",
    examples=[
        response_example(
            "Default conflict",
            {
                "non_field_errors": "Another default address was set at the same time; please try again.",
                "error_code": "address_100_1",
            },
        )
    ],
)
