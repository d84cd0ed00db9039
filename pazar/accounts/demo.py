"""Demo shoppers and a back-office account."""

from django.utils import timezone

from pazar.accounts.models import Gender, Segment, User
from pazar.catalog.models import PriceList
from pazar.core.demo import DemoContext

SHOPPERS = [
    {
        "email": "ayse@pazar.local",
        "password": "pazar-demo-ayse-2026",
        "first_name": "Ayşe",
        "last_name": "Kaya",
        "gender": Gender.FEMALE,
        "language_code": "tr",
        "phone": "+905551112233",
    },
    {
        "email": "john@pazar.local",
        "password": "pazar-demo-john-2026",
        "first_name": "John",
        "last_name": "Doe",
        "gender": Gender.MALE,
        "language_code": "en",
        "phone": "+905554445566",
    },
]
STAFF = {"email": "admin@pazar.local", "password": "pazar-demo-admin-2026"}


def build(ctx: DemoContext) -> None:
    ctx.objects["shoppers"] = []
    for spec in SHOPPERS:
        spec = dict(spec)
        password = spec.pop("password")
        user = User.objects.filter(email__iexact=spec["email"]).first()
        if user is None:
            user = User.objects.create_user(
                password=password,
                email_allowed=True,
                sms_allowed=True,
                attributes={"confirm": True},
                email_verified_at=timezone.now(),
                **spec,
            )
        elif not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        ctx.users.append({"id": user.pk, "email": user.email, "password": password})
        ctx.objects["shoppers"].append(user)
    if not User.objects.filter(email__iexact=STAFF["email"]).exists():
        User.objects.create_superuser(email=STAFF["email"], password=STAFF["password"], first_name="Admin")
    ctx.objects["admin_login"] = STAFF

    employee_prices, _ = PriceList.objects.get_or_create(code="employee", defaults={"name": "Employee prices"})
    segments = [
        ("Employee Segment", "Çalışan Segmenti", 0, employee_prices),
        ("VIP Segment", "VIP Segmenti", 1, None),
    ]
    ayse = ctx.objects["shoppers"][0]
    for name_en, name_tr, priority, price_list in segments:
        segment, _ = Segment.objects.get_or_create(
            name_en=name_en, defaults={"name_tr": name_tr, "priority": priority, "price_list": price_list}
        )
        segment.users.add(ayse)
