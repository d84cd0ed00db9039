"""Demo geography (Türkiye's 81 provinces, some townships and districts of İstanbul and Ankara)
and two addresses for each demo shopper (the home one is the default)."""

from pazar.addresses.models import Address, City, Country, District, Township
from pazar.core.demo import DemoContext

# The provinces by licence-plate number (01 Adana ... 81 Düzce).
PROVINCES = [
    "Adana", "Adıyaman", "Afyonkarahisar", "Ağrı", "Amasya", "Ankara", "Antalya", "Artvin", "Aydın",
    "Balıkesir", "Bilecik", "Bingöl", "Bitlis", "Bolu", "Burdur", "Bursa", "Çanakkale", "Çankırı",
    "Çorum", "Denizli", "Diyarbakır", "Edirne", "Elazığ", "Erzincan", "Erzurum", "Eskişehir",
    "Gaziantep", "Giresun", "Gümüşhane", "Hakkâri", "Hatay", "Isparta", "Mersin", "İstanbul", "İzmir",
    "Kars", "Kastamonu", "Kayseri", "Kırklareli", "Kırşehir", "Kocaeli", "Konya", "Kütahya", "Malatya",
    "Manisa", "Kahramanmaraş", "Mardin", "Muğla", "Muş", "Nevşehir", "Niğde", "Ordu", "Rize", "Sakarya",
    "Samsun", "Siirt", "Sinop", "Sivas", "Tekirdağ", "Tokat", "Trabzon", "Tunceli", "Şanlıurfa", "Uşak",
    "Van", "Yozgat", "Zonguldak", "Aksaray", "Bayburt", "Karaman", "Kırıkkale", "Batman", "Şırnak",
    "Bartın", "Ardahan", "Iğdır", "Yalova", "Karabük", "Kilis", "Osmaniye", "Düzce",
]  # fmt: skip
# The busiest first in the city list; the rest in alphabetical order.
PRIORITY = {"İstanbul": 1, "Ankara": 2, "İzmir": 3}
TOWNSHIPS = {
    "İstanbul": {
        "Kadıköy": ("Moda", "Caferağa", "Fenerbahçe"),
        "Beşiktaş": ("Levent", "Etiler", "Bebek"),
        "Üsküdar": ("Kuzguncuk", "Altunizade"),
        "Şişli": ("Teşvikiye", "Mecidiyeköy"),
    },
    "Ankara": {
        "Çankaya": ("Kızılay", "Bahçelievler", "Kavaklıdere"),
        "Keçiören": ("Etlik", "Kalaba"),
        "Yenimahalle": ("Batıkent", "Demetevler"),
    },
}
TURKISH = str.maketrans("çğıöşüÇĞİÖŞÜâÂ", "cgiosuCGIOSUaA")


def _alphabetical(name: str) -> tuple:
    # Turkish order near enough for a list: each accented letter right after its plain one.
    return tuple((ch.translate(TURKISH).lower(), ch != ch.translate(TURKISH)) for ch in name)


def _geography():
    country, _ = Country.objects.get_or_create(code="tr", defaults={"name": "Türkiye"})
    if not country.translations:
        country.translations = {"en": {"name": "Turkey"}, "tr": {"name": "Türkiye"}}
        country.save(update_fields=["translations", "modified_date"])
    cities = {}
    for name in sorted(PROVINCES, key=_alphabetical):
        cities[name], _ = City.objects.get_or_create(
            country=country, name=name, defaults={"priority": PRIORITY.get(name)}
        )
    places = {}
    for city_name, townships in TOWNSHIPS.items():
        city = cities[city_name]
        for township_name, districts in townships.items():
            township, _ = Township.objects.get_or_create(city=city, name=township_name)
            for district_name in districts:
                district, _ = District.objects.get_or_create(city=city, township=township, name=district_name)
                places[(township_name, district_name)] = (city, township, district)
    return country, places


def build(ctx: DemoContext) -> None:
    country, places = _geography()
    homes = [
        ("Home", ("Kadıköy", "Moda"), "Moda Caddesi No: 1", "34710", True),
        ("Work", ("Çankaya", "Kızılay"), "Atatürk Bulvarı No: 100", "06420", False),
    ]
    for user in ctx.objects.get("shoppers", []):
        for title, place, line, postcode, primary in homes:
            city, township, district = places[place]
            Address.objects.get_or_create(
                user=user,
                title=title,
                deleted_at__isnull=True,
                defaults={
                    "email": user.email,
                    "phone_number": user.phone or "05321234567",
                    "first_name": user.first_name,
                    "last_name": user.last_name,
                    "country": country,
                    "city": city,
                    "township": township,
                    "district": district,
                    "line": line,
                    "postcode": postcode,
                    "primary": primary,
                },
            )
