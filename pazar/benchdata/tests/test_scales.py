"""The bench scales: xlarge is ten times large, with one seller of a million conversations."""

from pazar.benchdata.data import SELLER_SKEW
from pazar.benchdata.scales import SCALES


def test_xlarge_is_ten_times_large_with_a_seller_of_a_million_conversations():
    large, xlarge = SCALES["large"], SCALES["xlarge"]
    assert (xlarge.users, xlarge.orders, xlarge.conversations, xlarge.messages) == (
        1_000_000,
        5_000_000,
        10_000_000,
        50_000_000,
    )
    assert xlarge.items == 3 * xlarge.orders
    assert xlarge.conversations == 10 * large.conversations
    # the hottest seller's share of the conversations (data._pick's first index)
    assert round(SELLER_SKEW[0] * xlarge.conversations) == 1_000_000
