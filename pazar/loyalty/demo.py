"""Demo: the Turkish shopper has a loyalty card (from the sandbox service)."""

from pazar.core.demo import DemoContext
from pazar.loyalty.clients import SandboxClient
from pazar.loyalty.models import LoyaltyAccount, LoyaltyStatus


def build(ctx: DemoContext) -> None:
    ayse = ctx.objects["shoppers"][0]
    card_number = SandboxClient({}).create_card(user=ayse, fields={})
    LoyaltyAccount.objects.get_or_create(
        user=ayse, defaults={"card_number": card_number, "status": LoyaltyStatus.ACTIVE, "needs_card": False}
    )
