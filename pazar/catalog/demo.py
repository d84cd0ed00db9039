"""Demo sellers, their accounts and tokens, a channel, products with images."""

from pazar.catalog.models import Channel, DataSource, PriceList, Product, ProductImage, StockList
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
            ("DEMO-SWEAT-001", "SWEAT001", "Oversized Sweatshirt", (200, 80, 60)),
            ("DEMO-SHIRT-002", "SHIRT002", "Linen Shirt", (60, 120, 200)),
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
            ("DEMO-TV-003", "TV003", "QLED Smart TV 55 inch", (30, 30, 30)),
            ("DEMO-HEAD-004", "HEAD004", "Wireless Headphones", (240, 200, 40)),
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
        for sku, base_code, name, color in spec["products"]:
            product, _ = Product.objects.update_or_create(
                sku=sku,
                defaults={
                    "base_code": base_code,
                    "name": name,
                    "absolute_url": f"/{sku.lower()}/",
                    "data_source": datasource,
                    "attributes": {"color": "demo"},
                },
            )
            image = demo_image(f"products/demo/{sku.lower()}.png", color)
            ProductImage.objects.get_or_create(
                product=product, order=0, defaults={"image": image, "width": 101, "height": 80}
            )
            ctx.objects["products"].append(product)
