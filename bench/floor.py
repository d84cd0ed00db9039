"""The floor: the benchmark's read endpoints as a bare WSGI app, hand-written SQL (psycopg) and orjson.

No framework, no ORM, no serializers: what a page costs when nothing but the database and JSON
encoding stands between the request and the answer. It answers the same JSON as pazar for the
same page (`bench/run.py` compares the two for every endpoint before measuring, and stops on a
difference in a value, a key or the keys' order; the suite does the same on the tiny data:
pazar/benchdata/tests/test_bench_data.py), for the benchmark's data: English labels, easy-return
companies that name no seller, no trade-in offers, no easy returns on requests. Where pazar keeps
a total (the seller inbox's counts, and the members of a shopper's orders and conversations and of
a product's reviews, kept by triggers), the floor reads the same kept total: a floor that counted
rows pazar does not count would be no floor.

Run it as pazar runs: `gunicorn -c gunicorn.conf.py bench.floor:app` with `FLOOR_DSN` set.
"""

import os
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode

import orjson
import psycopg
from psycopg.rows import dict_row

DSN = os.environ.get("FLOOR_DSN", "postgresql://postgres@127.0.0.1:5432/pazar")
MEDIA_URL = "/media/"
RETURN_WINDOW_DAYS = int(os.environ.get("FLOOR_RETURN_WINDOW_DAYS", "14"))

ORDER_STATUS = {
    50: "Cancellation waiting",
    100: "Cancelled",
    200: "Waiting",
    300: "Payment waiting",
    350: "Confirmation waiting",
    400: "Approved",
    450: "Preparing",
    500: "Shipped",
    510: "Shipped and informed",
    520: "Ready for pickup",
    540: "Attempted delivery",
    544: "Review started",
    545: "Review waiting",
    550: "Delivered",
    600: "Refunded",
}
CANCELLABLE = {200, 300, 350, 400, 450}
CURRENCY = {"try": "TL", "usd": "USD", "eur": "EUR"}
SHIPPING = {
    "yurtici": "Yurtiçi Kargo",
    "aras": "Aras Kargo",
    "mng": "MNG Kargo",
    "ptt": "PTT Kargo",
    "surat": "Sürat Kargo",
    "ups": "UPS",
    "dhl": "DHL",
    "hepsijet": "HepsiJet",
    "extension": "Extension Cargo",
    "other": "Other",
}
REQUEST_STATUS = {"open": "Open", "approved": "Approved", "rejected": "Rejected", "completed": "Completed"}
HOLDING = {"open", "approved", "completed"}

_conn = None


def db():
    """One connection per worker process, opened after the fork."""
    global _conn
    if _conn is None or _conn.closed:
        _conn = psycopg.connect(DSN, autocommit=True, row_factory=dict_row)
    return _conn


def q(sql, params=()):
    return db().execute(sql, params).fetchall()


def dt(value):
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def dec(value):
    return None if value is None else str(value)


def labeled(names, value):
    return None if value is None else {"value": str(value), "label": names.get(value, str(value))}


def page_of(environ, params, count, results, default_limit=20):
    """DRF's page envelope with absolute next/previous links (parameters sorted, as DRF writes them)."""
    limit, page = params["limit"], params["page"]
    base = f"http://{environ.get('HTTP_HOST', '127.0.0.1')}{environ['PATH_INFO']}"
    query = dict(parse_qsl(environ.get("QUERY_STRING", "")))

    def link(number):
        if number is None:
            return None
        args = dict(query)
        if number == 1:
            args.pop("page", None)
        else:
            args["page"] = str(number)
        return f"{base}?{urlencode(sorted(args.items()))}" if args else base

    pages = max(1, -(-count // limit))
    return {
        "count": count,
        "next": link(page + 1) if page < pages else None,
        "previous": link(page - 1) if page > 1 else None,
        "results": results,
    }


def paging(environ):
    query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
    limit = min(max(int(query.get("limit", 20)), 1), 100)
    page = max(int(query.get("page", 1)), 1)
    return {"limit": limit, "page": page, "offset": (page - 1) * limit, "query": query}


def caller(environ):
    header = environ.get("HTTP_AUTHORIZATION", "")
    if not header.startswith("Token "):
        return None
    # The user by its primary key, one lookup whatever the token table's statistics say (a join of
    # the tiny token table to the users was a merge over every user for a token newer than them).
    rows = q(
        "SELECT u.id, u.datasource_id FROM authtoken_token t CROSS JOIN LATERAL "
        "(SELECT id, datasource_id, is_active FROM accounts_user WHERE id = t.user_id OFFSET 0) u "
        "WHERE t.key = %s AND u.is_active",
        (header[6:],),
    )
    return rows[0] if rows else None


# --- shared pieces -----------------------------------------------------------------------------------

DATASOURCE_COLUMNS = (
    "id, name, slug, title, supplier_code, address, email, phone_number, fax_number, kep_address, "
    "mersis_number, trade_association, extras, price_list_id, stock_list_id, is_active"
)


def datasource(row):
    return {
        "pk": row["id"],
        "name": row["name"],
        "slug": row["slug"],
        "title": row["title"],
        "supplier_code": row["supplier_code"],
        "address": row["address"],
        "email": row["email"],
        "phone_number": row["phone_number"],
        "fax_number": row["fax_number"],
        "kep_address": row["kep_address"],
        "mersis_number": row["mersis_number"],
        "trade_association": row["trade_association"],
        "extras": row["extras"],
        "price_list": row["price_list_id"],
        "stock_list": row["stock_list_id"],
        "is_active": row["is_active"],
    }


def by_id(sql, ids):
    return {row["id"]: row for row in q(sql, (list(ids),))} if ids else {}


def images_of(product_ids):
    images = {}
    if product_ids:
        for row in q(
            'SELECT id, product_id, image, "order", height, width, created_date FROM catalog_productimage '
            'WHERE product_id = ANY(%s) ORDER BY "order", id',
            (list(product_ids),),
        ):
            images.setdefault(row["product_id"], []).append(row)
    return images


def product_body(product, images, host):
    """An order item's product: seed 003's fields, then the client's Product type's."""
    shown = [
        {
            "pk": i["id"],
            "image": f"{host}{MEDIA_URL}{i['image']}",
            "order": i["order"],
            "status": "active",
            "specialimage_set": [],
            "created_date": dt(i["created_date"]),
        }
        for i in images
        if i["image"]
    ]
    price, retail = product["price"], product["retail_price"]
    return {
        "pk": product["id"],
        "sku": product["sku"],
        "base_code": product["base_code"],
        "name": product["name"],
        "image": shown[0]["image"] if shown else None,
        "absolute_url": product["absolute_url"],
        "attributes": product["attributes"],
        "attributes_kwargs": product["attributes_kwargs"],
        "form_schema": None,
        "data_source": product["data_source_id"],
        "extra_attributes": product["extra_attributes"],
        "price": None if price is None else str(price),
        "retail_price": None if retail is None else str(retail),
        "currency_type": product["currency"],
        "in_stock": product["in_stock"],
        "stock": product["stock"],
        "is_ready_to_basket": bool(product["in_stock"]) and price is not None,
        "productimage_set": shown,
        "productvideo_set": [],
        "attribute_set": product["attribute_set"],
        "basket_offers": [],
        "price_type": "default",
        "product_type": "0",
        "unit_type": "qty",
        "extra_data": {},
        "created_date": dt(product["created_date"]),
        "modified_date": dt(product["modified_date"]),
    }


def user_summary(row):
    return {
        "id": row["id"],
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "email": row["email"],
        "phone": row["phone"],
        "gender": row["gender"],
    }


def address_user(row):
    """The user inside an address: seed 003's object (pazar/addresses/serializers.py AddressUserSerializer)."""
    return {
        "pk": row["id"],
        "username": row["username"],
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "email": row["email"],
        "is_active": row["is_active"],
        "date_joined": dt(row["date_joined"]),
        "last_login": dt(row["last_login"]),
        "email_allowed": row["email_allowed"],
        "sms_allowed": row["sms_allowed"],
        "call_allowed": row["call_allowed"],
        "gender": row["gender"],
        "attributes": row["attributes"],
        "phone": row["phone"],
        "date_of_birth": plain(row["date_of_birth"]),
        "attributes_kwargs": {},
        "user_type": row["user_type"],
        "modified_date": dt(row["modified_date"]),
    }


PAYMENT_TYPE = {
    "credit_card": "credit card",
    "saved_card": "saved card",
    "masterpass": "Masterpass",
    "funds_transfer": "funds transfer",
    "pay_on_delivery": "pay on delivery",
    "loyalty_money": "loyalty money",
    "redirection": "redirection",
    "other": "other",
}
CENTS = Decimal("0.01")


# --- orders ---------------------------------------------------------------------------------------

ORDER_PLAIN = (
    "number amount discount_amount shipping_amount shipping_tax_rate refund_amount discount_refund_amount "
    "shipping_refund_amount invoice_number invoice_date e_archive_url tracking_number defined_tracking_url "
    "remote_addr has_gift_box gift_box_note language_code notes delivery_range extra_field user_email "
    "shipping_option_slug payment_option_slug bin_number installment_count installment_interest_amount "
    "shipping_tracking_url user basket shipping_option card installment segment checkout_provider"
).split()
ITEM_PLAIN = (
    "attributes attributes_kwargs localized_attributes localized_attributes_kwargs price quantity tax_rate "
    "invoice_number invoice_date e_archive_url tracking_number defined_tracking_url retail_price image "
    "extra_field estimated_delivery_date shipping_tracking_url order parent extra_product_price "
    "extra_product_stock datasource"
).split()


def plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return dt(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool, dict, list)):
        return value
    return str(value)


def language(environ):
    """The answer's language: Turkish when Accept-Language asks for it first, else English (pazar's default)."""
    first = environ.get("HTTP_ACCEPT_LANGUAGE", "").split(",")[0].strip().lower()
    return "tr" if first.startswith("tr") else "en"


def localized(place, lang):
    """A place's name in `lang` when its translations have one (pazar's localized_text)."""
    entry = (place["translations"] or {}).get(lang) if isinstance(place["translations"], dict) else None
    if isinstance(entry, dict) and isinstance(entry.get("name"), str) and entry["name"]:
        return entry["name"]
    if isinstance(entry, str) and entry:
        return entry
    return place["name"]


def address(row, places, users, lang):
    if row is None:
        return None
    country, city = places["country"][row["country_id"]], places["city"][row["city_id"]]
    township = places["township"].get(row["township_id"])
    district = places["district"].get(row["district_id"])
    return {
        "pk": row["id"],
        "email": row["email"],
        "phone_number": row["phone_number"],
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "country": {
            "pk": country["id"],
            "is_active": country["is_active"],
            "name": localized(country, lang),
            "code": country["code"],
            "translations": country["translations"],
        },
        "city": {
            "pk": city["id"],
            "is_active": city["is_active"],
            "name": localized(city, lang),
            "country": city["country_id"],
            "translations": city["translations"],
            "priority": city["priority"],
            "postcode": city["postcode"],
        },
        "line": row["line"],
        "title": row["title"],
        "township": township
        and {
            "pk": township["id"],
            "is_active": township["is_active"],
            "name": township["name"],
            "city": township["city_id"],
            "postcode": township["postcode"],
        },
        "district": district
        and {
            "pk": district["id"],
            "is_active": district["is_active"],
            "name": district["name"],
            "city": district["city_id"],
            "township": district["township_id"],
            "postcode": district["postcode"],
        },
        "postcode": row["postcode"],
        "notes": row["notes"],
        "company_name": row["company_name"],
        "tax_office": row["tax_office"],
        "tax_no": row["tax_no"],
        "e_bill_taxpayer": row["e_bill_taxpayer"],
        "hash_data": row["hash_data"],
        "address_type": row["address_type"],
        "retail_store": row["retail_store"],
        "remote_id": row["remote_id"],
        "identity_number": row["identity_number"],
        "extra_field": row["extra_field"],
        "user": address_user(users[row["user_id"]]),
        "is_corporate": row["is_corporate"],
        "primary": row["primary"],
    }


def render_orders(environ, orders):
    """Orders with items, products, images, sellers, requests, addresses: one query per kind."""
    order_ids = [o["id"] for o in orders]
    items = q("SELECT * FROM orders_orderitem WHERE order_id = ANY(%s) ORDER BY id", (order_ids,)) if orders else []
    item_ids = [i["id"] for i in items]
    requests = {}
    if item_ids:
        for row in q(
            "SELECT * FROM orders_cancellationrequest WHERE order_item_id = ANY(%s) "
            "ORDER BY created_date DESC, id DESC",
            (item_ids,),
        ):
            requests.setdefault(row["order_item_id"], []).append(row)
    products = by_id("SELECT * FROM catalog_product WHERE id = ANY(%s)", {i["product_id"] for i in items})
    images = images_of(products)
    sellers = by_id(
        f"SELECT {DATASOURCE_COLUMNS} FROM catalog_datasource WHERE id = ANY(%s)",
        {i["datasource_id"] for i in items if i["datasource_id"]},
    )
    companies = q(
        "SELECT c.id, c.shipping_company, c.name FROM orders_easyreturnshippingcompany c WHERE c.is_active "
        "AND NOT EXISTS (SELECT 1 FROM orders_easyreturnshippingcompany_datasources d "
        "WHERE d.easyreturnshippingcompany_id = c.id) ORDER BY c.id"
    )
    company_list = [
        {"pk": c["id"], "shipping_company": labeled(SHIPPING, c["shipping_company"]), "name": c["name"]}
        for c in companies
    ]
    discounts = {}
    if order_ids:
        for row in q("SELECT * FROM orders_discountitem WHERE order_id = ANY(%s) ORDER BY id", (order_ids,)):
            discounts.setdefault(row["order_id"], []).append(row)
    address_ids = {o[k] for o in orders for k in ("shipping_address_id", "billing_address_id") if o[k]}
    addresses = by_id("SELECT * FROM addresses_address WHERE id = ANY(%s)", address_ids)
    places = {
        "country": by_id(
            "SELECT * FROM addresses_country WHERE id = ANY(%s)", {a["country_id"] for a in addresses.values()}
        ),
        "city": by_id("SELECT * FROM addresses_city WHERE id = ANY(%s)", {a["city_id"] for a in addresses.values()}),
        "township": by_id(
            "SELECT * FROM addresses_township WHERE id = ANY(%s)",
            {a["township_id"] for a in addresses.values() if a["township_id"]},
        ),
        "district": by_id(
            "SELECT * FROM addresses_district WHERE id = ANY(%s)",
            {a["district_id"] for a in addresses.values() if a["district_id"]},
        ),
    }
    users = by_id(
        "SELECT id, username, first_name, last_name, email, is_active, date_joined, last_login, email_allowed, "
        "sms_allowed, call_allowed, gender, attributes, phone, date_of_birth, user_type, modified_date "
        "FROM accounts_user WHERE id = ANY(%s)",
        {a["user_id"] for a in addresses.values()},
    )
    payments = by_id(
        "SELECT * FROM orders_paymentoption WHERE id = ANY(%s)",
        {o["payment_option_id"] for o in orders if o["payment_option_id"]},
    )
    banks = by_id("SELECT * FROM orders_bank WHERE id = ANY(%s)", {o["bank_id"] for o in orders if o["bank_id"]})
    now = datetime.now(UTC)
    host = f"http://{environ.get('HTTP_HOST', '127.0.0.1')}"
    lang = language(environ)

    items_of = {}
    for item in items:
        reqs = requests.get(item["id"], [])
        active = next((r for r in reqs if r["status"] == "open"), None)
        remaining = item["quantity"] - sum(r["quantity"] for r in reqs if r["status"] in HOLDING)
        free = active is None and remaining > 0
        delivered = item["delivered_date"]
        product = products[item["product_id"]]
        body = {
            "id": item["id"],
            "status": labeled(ORDER_STATUS, item["status"]),
            "price_currency": labeled(CURRENCY, item["price_currency"]),
            "product": product_body(product, images.get(product["id"], []), host),
            "is_cancelled": item["status"] == 100,
            "is_cancellable": item["status"] in CANCELLABLE and free,
            "is_refundable": item["status"] == 550
            and delivered is not None
            and now <= delivered + timedelta(days=RETURN_WINDOW_DAYS)
            and free,
            "cancellationrequest_set": [request_body(r) for r in reqs],
            "active_cancellation_request": request_body(active) if active else None,
            "shipping_company": labeled(SHIPPING, item["shipping_company"]),
            "tracking_url": item["defined_tracking_url"] or item["shipping_tracking_url"],
            "is_tradable": False,
            "available_easy_return_shipping_companies": company_list,
            "datasource_detailed": datasource(sellers[item["datasource_id"]]) if item["datasource_id"] else None,
            "extra_product_stock_detailed": None,
            "extra_product_price_detailed": None,
            "shipping_option_group": None,
            "created_date": dt(item["created_date"]),
            "modified_date": dt(item["modified_date"]),
        }
        for name in ITEM_PLAIN:
            column = f"{name}_id" if name in ("order", "parent", "datasource") else name
            body[name] = plain(item[column])
        body["unit_price"] = str(item["price"].quantize(CENTS))
        body["total_amount"] = str((item["price"] * item["quantity"]).quantize(CENTS))
        items_of.setdefault(item["order_id"], []).append(body)

    results = []
    for order in orders:
        its = items_of.get(order["id"], [])
        payment = payments.get(order["payment_option_id"])
        bank = banks.get(order["bank_id"])
        body = {
            "id": order["id"],
            "status": labeled(ORDER_STATUS, order["status"]),
            "currency": labeled(CURRENCY, order["currency"]),
            "orderitem_set": its,
            "discountitem_set": [
                {
                    "name": d["name"],
                    "amount": dec(d["amount"]),
                    "created_date": dt(d["created_date"]),
                    "order_number": order["number"],
                    "currency": labeled(CURRENCY, d["currency"]),
                }
                for d in discounts.get(order["id"], [])
            ],
            "is_cancelled": order["status"] == 100,
            "is_cancellable": any(i["is_cancellable"] for i in its),
            "is_refundable": any(i["is_refundable"] for i in its),
            "shipping_address": address(addresses.get(order["shipping_address_id"]), places, users, lang),
            "billing_address": address(addresses.get(order["billing_address_id"]), places, users, lang),
            "shipping_company": labeled(SHIPPING, order["shipping_company"]),
            "client_type": order["client_type"],
            "payment_option": payment
            and {
                "pk": payment["id"],
                "name": payment["name"],
                "payment_type": payment["payment_type"],
                "payment_type_label": PAYMENT_TYPE.get(payment["payment_type"], payment["payment_type"]),
                "slug": payment["slug"],
            },
            "amount_without_discount": dec(order["amount"] + order["discount_amount"]),
            "is_payable": order["status"] == 300,
            "tracking_url": order["defined_tracking_url"] or order["shipping_tracking_url"],
            "bank": bank
            and {
                "pk": bank["id"],
                "name": bank["name"],
                "slug": bank["slug"],
                "logo": f"{MEDIA_URL}{bank['logo']}" if bank["logo"] else None,
            },
            "loyaltytransaction_set": [],
            "created_date": dt(order["created_date"]),
            "modified_date": dt(order["modified_date"]),
        }
        for name in ORDER_PLAIN:
            body[name] = plain(order["user_id" if name == "user" else name])
        results.append(body)
    return results


def request_body(row):
    return {
        "id": row["id"],
        "cancellation_type": row["cancellation_type"],
        "status": labeled(REQUEST_STATUS, row["status"]),
        "easy_return": None,
        "created_date": dt(row["created_date"]),
        "modified_date": dt(row["modified_date"]),
        "uuid": str(row["uuid"]),
        "description": row["description"],
        "iban": row["iban"],
        "holder_name": row["holder_name"],
        "reason": row["reason_id"],
        "order_item": row["order_item_id"],
        "quantity": row["quantity"],
        "fully_refund_as_loyalty_money": row["fully_refund_as_loyalty_money"],
    }


def kept_total(scope: str, key: int) -> int:
    """A list's total as the triggers keep it with its version (core_listversion.members; no row:
    an empty list), as pazar reads it for an unfiltered page."""
    rows = q('SELECT members FROM core_listversion WHERE scope = %s AND "key" = %s', (scope, key))
    return rows[0]["members"] if rows else 0


def orders_list(environ, user):
    p = paging(environ)
    count = kept_total("orders", user["id"])
    orders = q(
        "SELECT * FROM orders_order WHERE user_id = %s ORDER BY created_date DESC, id DESC LIMIT %s OFFSET %s",
        (user["id"], p["limit"], p["offset"]),
    )
    return 200, page_of(environ, p, count, render_orders(environ, orders))


def order_detail(environ, user, order_id):
    orders = q("SELECT * FROM orders_order WHERE user_id = %s AND id = %s", (user["id"], order_id))
    if not orders:
        return 404, {"detail": "Not found."}
    return 200, render_orders(environ, orders)[0]


# --- conversations ------------------------------------------------------------------------------------


def render_conversations(conversations, *, public=False, seller=False):
    ids = [c["id"] for c in conversations]
    messages = {}
    if ids:
        approved = " AND is_approved" if public else ""
        for row in q(
            "SELECT id, conversation_id, message_content, user_type, content_type, content_id, sender_user_id, "
            f"sender_datasource_id FROM conversations_message WHERE conversation_id = ANY(%s){approved} "
            "ORDER BY created_date, id",
            (ids,),
        ):
            messages.setdefault(row["conversation_id"], []).append(row)
    user_ids = {c["user_id"] for c in conversations} | {
        m["sender_user_id"] for ms in messages.values() for m in ms if m["sender_user_id"]
    }
    seller_ids = {c["datasource_id"] for c in conversations} | {
        m["sender_datasource_id"] for ms in messages.values() for m in ms if m["sender_datasource_id"]
    }
    users = by_id(
        "SELECT id, first_name, last_name, email, phone, gender FROM accounts_user WHERE id = ANY(%s)", user_ids
    )
    sellers = by_id(f"SELECT {DATASOURCE_COLUMNS} FROM catalog_datasource WHERE id = ANY(%s)", seller_ids)
    products = by_id(
        "SELECT id, name, sku, absolute_url FROM catalog_product WHERE id = ANY(%s)",
        {c["product_id"] for c in conversations if c["product_id"]},
    )
    images = images_of(products)

    def product(pid):
        row = products.get(pid)
        if row is None:
            return None
        return {
            "pk": row["id"],
            "name": row["name"],
            "sku": row["sku"],
            "absolute_url": row["absolute_url"],
            "product_images": [
                {
                    "pk": i["id"],
                    "product": i["product_id"],
                    "image": i["image"],
                    "order": i["order"],
                    "height": i["height"],
                    "width": i["width"],
                }
                for i in images.get(pid, [])
            ],
        }

    def author(m):
        if m["content_type"] == "datasource":
            seller = sellers.get(m["sender_datasource_id"])
            if public:
                return {"id": m["content_id"], "name": (seller["title"] or seller["name"]) if seller else ""}
            return datasource(seller) if seller else None
        user = users.get(m["sender_user_id"])
        if public:
            if user is None:
                return {"id": m["content_id"], "name": ""}
            last = user["last_name"].strip()
            return {
                "id": m["content_id"],
                "name": f"{user['first_name'].strip()}{f' {last[0]}.' if last else ''}".strip(),
            }
        return user_summary(user) if user else None

    results = []
    for c in conversations:
        item = product(c["product_id"]) if c["item_content"] == "product" else None
        msgs = [
            {
                "id": m["id"],
                "message_content": m["message_content"],
                "user_type": m["user_type"],
                "content_object": author(m),
            }
            for m in messages.get(c["id"], [])
        ]
        if public:
            results.append(
                {
                    "id": c["id"],
                    "user": c["user_id"],
                    "datasource": datasource(sellers[c["datasource_id"]]),
                    "item_object": item,
                    "message_set": msgs,
                    "conversation_type": c["conversation_type"],
                    "last_message_date": dt(c["last_message_date"]),
                }
            )
        else:
            results.append(
                {
                    "id": c["id"],
                    "conversation_type": c["conversation_type"],
                    "item_object": item,
                    "is_answered": c["is_answered"],
                    "subject": c["subject"],
                    "message_set": msgs,
                    "user": user_summary(users[c["user_id"]]),
                    "last_message_date": dt(c["last_message_date"]),
                    "is_public": c["is_public"],
                    "item_content": c["item_content"],
                    "datasource": datasource(sellers[c["datasource_id"]]),
                }
            )
            if seller:
                results[-1]["reply_needed_since"] = dt(c["reply_needed_since"]) if c["reply_needed_since"] else None
    return results


CONVERSATION_COLUMNS = (
    "id, user_id, datasource_id, conversation_type, subject, item_content, product_id, is_public, is_answered, "
    "last_message_date, reply_needed_since"
)
NEWEST_FIRST = "last_message_date DESC, id DESC"
LONGEST_WAIT_FIRST = "reply_needed_since ASC NULLS LAST, id ASC"


def conversations_page(environ, where, params, *, public=False, seller=False, order=NEWEST_FIRST, count=None):
    p = paging(environ)
    if count is None:
        count = q(f"SELECT count(*) AS n FROM conversations_conversation WHERE {where}", params)[0]["n"]
    rows = q(
        f"SELECT {CONVERSATION_COLUMNS} FROM conversations_conversation WHERE {where} "
        f"ORDER BY {order} LIMIT %s OFFSET %s",
        (*params, p["limit"], p["offset"]),
    )
    return 200, page_of(environ, p, count, render_conversations(rows, public=public, seller=seller))


def seller_inbox(environ, user):
    if user["datasource_id"] is None:
        return 403, {"detail": "You do not have permission to perform this action."}
    query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
    where, params = "datasource_id = %s", [user["datasource_id"]]
    # The totals the trigger keeps, as pazar reads them (pazar/conversations/inbox_counts.py).
    kept = q("SELECT answered, unanswered FROM conversations_inboxcount WHERE datasource_id = %s", params)
    answered, unanswered = (kept[0]["answered"], kept[0]["unanswered"]) if kept else (0, 0)
    count = answered + unanswered
    if "is_answered" in query:
        where += " AND is_answered = %s"
        params.append(query["is_answered"] in ("true", "True", "1"))
        count = answered if params[-1] else unanswered
    order = LONGEST_WAIT_FIRST if query.get("ordering") == "reply_needed_since" else NEWEST_FIRST
    return conversations_page(environ, where, tuple(params), seller=True, order=order, count=count)


def public_reviews(environ):
    query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
    where, params = "conversation_type = 'review' AND is_public AND is_approved", []
    if "product" in query:
        where += " AND product_id = %s"
        params.append(int(query["product"]))
    count = kept_total("public-review", params[0] if params else 0)
    return conversations_page(environ, where, tuple(params), public=True, count=count)


def route(environ):
    path = environ["PATH_INFO"].rstrip("/") + "/"
    if path == "/public-reviews/":
        return public_reviews(environ)
    user = caller(environ)
    if user is None:
        return 401, {"detail": "Authentication credentials were not provided."}
    if path == "/users/orders/":
        return orders_list(environ, user)
    if path.startswith("/users/orders/") and path[14:-1].isdigit():
        return order_detail(environ, user, int(path[14:-1]))
    if path == "/users/conversations/":
        return conversations_page(environ, "user_id = %s", (user["id"],), count=kept_total("conversations", user["id"]))
    if path == "/api/v1/remote/1/conversations/":
        return seller_inbox(environ, user)
    return 404, {"detail": "Not found."}


REASONS = {200: "200 OK", 401: "401 Unauthorized", 403: "403 Forbidden", 404: "404 Not Found"}


def app(environ, start_response):
    status, body = route(environ)
    payload = orjson.dumps(body)
    start_response(REASONS[status], [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]
