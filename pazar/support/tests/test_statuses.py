"""The contact-us status machine (support/statuses.py): staff may set any status; a reply answers."""

from itertools import product

import pytest

from pazar.support import statuses
from pazar.support.models import ContactUsStatus


@pytest.mark.parametrize(("from_status", "to_status"), list(product(ContactUsStatus.values, repeat=2)))
def test_staff_may_move_a_message_from_any_status_to_any_other(from_status, to_status):
    # every move is allowed (staff decide: reopen a closed message, close a new one); keeping one is no move
    assert statuses.can_move(from_status, to_status)
    statuses.check_move(from_status, to_status)
    assert (to_status in statuses.STAFF_MOVES[from_status]) is (from_status != to_status)


def test_a_reply_makes_a_message_answered():
    assert statuses.REPLY_STATUS == ContactUsStatus.ANSWERED
