"""The contact-us status machine (support/statuses.py): staff may set any status; a reply answers."""

from itertools import product

import pytest

from pazar.core.exceptions import DomainError
from pazar.support import error_codes, statuses
from pazar.support.models import ContactUsStatus


@pytest.mark.parametrize(("from_status", "to_status"), list(product(ContactUsStatus.values, repeat=2)))
def test_staff_may_move_a_message_from_any_status_to_any_other(from_status, to_status):
    # every move is allowed (staff decide: reopen a closed message, close a new one); keeping one is no move
    assert statuses.can_move(from_status, to_status)
    statuses.check_move(from_status, to_status)
    assert (to_status in statuses.STAFF_MOVES[from_status]) is (from_status != to_status)


def test_a_reply_makes_a_message_answered():
    assert statuses.REPLY_STATUS == ContactUsStatus.ANSWERED


def test_a_move_the_machine_does_not_have_is_a_domain_error(monkeypatch):
    monkeypatch.setattr(statuses, "STAFF_MOVES", {ContactUsStatus.CLOSED: frozenset()})

    with pytest.raises(DomainError) as refused:
        statuses.check_move(ContactUsStatus.CLOSED, ContactUsStatus.NEW)

    assert refused.value.error_code == error_codes.STATUS_NOT_ALLOWED.code
    assert str(ContactUsStatus.CLOSED.label) in str(refused.value)
