"""The sizes of `manage.py bench_data`, importable without Django (bench/run.py compares them)."""

from dataclasses import dataclass

SEED = 20261125
# Bump when the generator changes what it writes: bench/run.py reloads databases of another version.
VERSION = 5


@dataclass(frozen=True)
class Scale:
    users: int
    sellers: int
    products: int
    conversations: int
    messages: int
    orders: int
    items: int


SCALES = {
    # For the test of the generator itself.
    "tiny": Scale(users=40, sellers=3, products=30, conversations=120, messages=400, orders=60, items=150),
    "small": Scale(
        users=1_000, sellers=20, products=2_000, conversations=10_000, messages=50_000, orders=10_000, items=30_000
    ),
    "large": Scale(
        users=100_000,
        sellers=500,
        products=50_000,
        conversations=1_000_000,
        messages=5_000_000,
        orders=500_000,
        items=1_500_000,
    ),
    # Ten times large: the hottest seller (data.SELLER_SKEW's 10 %) has 1,000,000 conversations.
    "xlarge": Scale(
        users=1_000_000,
        sellers=2_000,
        products=500_000,
        conversations=10_000_000,
        messages=50_000_000,
        orders=5_000_000,
        items=15_000_000,
    ),
}
