"""Demo geography and an address for each demo shopper."""

from pazar.addresses.models import Address, City, Country, District, Township
from pazar.core.demo import DemoContext


def build(ctx: DemoContext) -> None:
    country, _ = Country.objects.get_or_create(code="tr", defaults={"name": "Türkiye"})
    city, _ = City.objects.get_or_create(country=country, name="İstanbul", defaults={"priority": 1})
    township, _ = Township.objects.get_or_create(city=city, name="Kadıköy")
    district, _ = District.objects.get_or_create(city=city, township=township, name="Moda")
    for user in ctx.objects.get("shoppers", []):
        Address.objects.get_or_create(
            user=user,
            title="Home",
            defaults={
                "email": user.email,
                "phone_number": user.phone or "",
                "first_name": user.first_name,
                "last_name": user.last_name,
                "country": country,
                "city": city,
                "township": township,
                "district": district,
                "line": "Moda Caddesi No: 1",
                "postcode": "34710",
                "primary": True,
            },
        )
