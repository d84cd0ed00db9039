"""Demo: the Turkish shopper has a loyalty card (from the sandbox service) with some loyalty money on it."""

from decimal import Decimal

from pazar.core.demo import DemoContext
from pazar.loyalty.clients import SandboxClient
from pazar.loyalty.models import LoyaltyAccount, LoyaltyStatus, SandboxLoyaltyTransaction


def build(ctx: DemoContext) -> None:
    ayse = ctx.objects["shoppers"][0]
    card_number = SandboxClient({}).create_card(user=ayse, fields={})
    LoyaltyAccount.objects.get_or_create(
        user=ayse, defaults={"card_number": card_number, "status": LoyaltyStatus.ACTIVE, "needs_card": False}
    )
    for reference, amount in (("demo-welcome", "50.00"), ("demo-spent", "-12.50")):
        SandboxLoyaltyTransaction.objects.get_or_create(
            reference=reference, defaults={"card_number": card_number, "amount": Decimal(amount)}
        )
