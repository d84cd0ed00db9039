"""Demo contact-us subjects in both languages, one needing an order."""

from pazar.core.demo import DemoContext
from pazar.support.models import ContactUsSubject

SUBJECTS = [
    ("Refund", "İade", True, 0),
    ("Technical Support", "Teknik Destek", False, 1),
    ("Suggestion", "Öneri", False, 2),
]


def build(ctx: DemoContext) -> None:
    for text_en, text_tr, order_needed, position in SUBJECTS:
        ContactUsSubject.objects.get_or_create(
            text_en=text_en, defaults={"text_tr": text_tr, "is_order_needed": order_needed, "sort_order": position}
        )
