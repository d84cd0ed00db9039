"""Demo sellers, their accounts and tokens, a channel, products with images."""

from decimal import Decimal

from pazar.catalog.models import Channel, Currency, DataSource, PriceList, Product, ProductImage, StockList
from pazar.catalog.services import product_stock_set
from pazar.core.demo import DemoContext, demo_image

SELLERS = [
    {
        "supplier_code": "ANADOLU01",
        "name": "anadolu-tekstil",
        "slug": "anadolu-tekstil",
        "title": "Anadolu Tekstil",
        "email": "hello@anadolu-tekstil.example",
        "seller_email": "seller1@pazar.local",
        "products": [
            ("DEMO-SWEAT-001", "SWEAT001", "Oversized Sweatshirt", (200, 80, 60), ("349.90", "449.90", 25)),
            ("DEMO-SHIRT-002", "SHIRT002", "Linen Shirt", (60, 120, 200), ("499.00", "599.00", 0)),
        ],
    },
    {
        "supplier_code": "BOSPHORUS02",
        "name": "bosphorus-electronics",
        "slug": "bosphorus-electronics",
        "title": "Bosphorus Electronics",
        "email": "info@bosphorus-electronics.example",
        "seller_email": "seller2@pazar.local",
        "products": [
            ("DEMO-TV-003", "TV003", "QLED Smart TV 55 inch", (30, 30, 30), ("18999.00", "21999.00", 4)),
            ("DEMO-HEAD-004", "HEAD004", "Wireless Headphones", (240, 200, 40), ("1299.90", None, 0)),
        ],
    },
]


def build(ctx: DemoContext) -> None:
    from pazar.accounts.models import User
    from pazar.accounts.services import token_for

    channel, _ = Channel.objects.get_or_create(name="Storefront")
    price_list, _ = PriceList.objects.get_or_create(code="default", defaults={"name": "Default prices"})
    stock_list, _ = StockList.objects.get_or_create(code="default", defaults={"name": "Default stock"})
    ctx.objects["channel"] = channel
    ctx.objects["datasources"] = []
    ctx.objects["products"] = []
    for spec in SELLERS:
        datasource, _ = DataSource.objects.update_or_create(
            supplier_code=spec["supplier_code"],
            defaults={
                "name": spec["name"],
                "slug": spec["slug"],
                "title": spec["title"],
                "email": spec["email"],
                "price_list": price_list,
                "stock_list": stock_list,
                "is_active": True,
            },
        )
        seller = User.objects.filter(email__iexact=spec["seller_email"]).first()
        if seller is None:
            seller = User.objects.create_user(
                email=spec["seller_email"], first_name=spec["title"], last_name="", datasource=datasource
            )
            seller.set_unusable_password()
            seller.save(update_fields=["password"])
        ctx.sellers.append({"datasource_id": datasource.pk, "channel_id": channel.pk, "token": token_for(user=seller)})
        ctx.objects["datasources"].append(datasource)
        for sku, base_code, name, color, (price, retail_price, stock) in spec["products"]:
            product, _ = Product.objects.update_or_create(
                sku=sku,
                defaults={
                    "base_code": base_code,
                    "name": name,
                    "absolute_url": f"/{sku.lower()}/",
                    "data_source": datasource,
                    "attributes": {"color": "demo"},
                    "price": Decimal(price),
                    "retail_price": None if retail_price is None else Decimal(retail_price),
                    "currency": Currency.TRY,
                },
            )
            # Through the stock service, as every stock change (a restock answers the demo's alerts).
            product = product_stock_set(product_id=product.pk, stock=stock)
            image = demo_image(f"products/demo/{sku.lower()}.png", color)
            ProductImage.objects.get_or_create(
                product=product, order=0, defaults={"image": image, "width": 101, "height": 80}
            )
            ctx.objects["products"].append(product)
