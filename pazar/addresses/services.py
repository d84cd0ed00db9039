"""Writes of the address book: create, edit, make default, delete.

Exactly one default: the user's row and address rows are locked for the change, the others' `primary` is
cleared before this one's is set, and the partial unique constraint (`addresses_one_primary`) is
the last word. A user's first address becomes the default; deleting the default promotes the
newest remaining one.

Orders keep what they were shipped to: editing an address that an order, a cancellation request
or an easy return names (any row with a foreign key to it) first freezes a copy of the old version
(a deleted row, so the address book never shows it) and points them at the copy; deleting an
address only marks it deleted, so its orders still show it.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from pazar.addresses import error_codes
from pazar.addresses.models import Address

PRIMARY_FIELDS = ["primary", "modified_date"]


def _lock_book(user) -> list[Address]:
    """The user's live addresses, newest first, with the book locked: the user's row is locked
    first, so writes of one user's book (even the first address, with no row yet) go one at a time."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()
    return list(Address.objects.select_for_update().filter(user=user, deleted_at__isnull=True).order_by("-pk"))


def _set_primary(*, user, address: Address) -> None:
    Address.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(
        primary=False, modified_date=timezone.now()
    )
    address.primary = True
    try:
        with transaction.atomic():
            address.save(update_fields=PRIMARY_FIELDS)
    except IntegrityError:
        # Only reachable without row locks (SQLite): another request set a default meanwhile.
        raise error_codes.PRIMARY_CONFLICT.error()


@transaction.atomic
def address_create(*, user, data: dict) -> Address:
    """A new address of `user`; the default if asked for, or if it is the user's first."""
    book = _lock_book(user)
    make_primary = bool(data.pop("primary", False)) or not any(a.primary for a in book)
    address = Address.objects.create(user=user, email=data.pop("email", "") or user.email, **data)
    if make_primary:
        _set_primary(user=user, address=address)
    return address


def _freeze_for_orders(address: Address) -> None:
    """Point whatever names `address` (orders, cancellation requests, easy returns) at a deleted copy of it."""
    named_by = [
        (rel.related_model, rel.field.name)
        for rel in Address._meta.get_fields(include_hidden=True)
        if rel.one_to_many and rel.auto_created and rel.related_model is not Address
    ]
    if not any(model._base_manager.filter(**{field: address}).exists() for model, field in named_by):
        return
    copy = Address.objects.get(pk=address.pk)
    copy.pk = None
    copy._state.adding = True
    copy.primary = False
    copy.deleted_at = timezone.now()
    copy.save()
    for model, field in named_by:
        model._base_manager.filter(**{field: address}).update(**{field: copy})


@transaction.atomic
def address_update(*, user, address: Address, data: dict) -> Address:
    """Change some fields of one of the user's addresses; `primary: true` makes it the default."""
    _lock_book(user)
    address = Address.objects.select_for_update().get(pk=address.pk)
    primary = data.pop("primary", None)
    changed = [name for name, value in data.items() if getattr(address, name) != value]
    if changed:
        _freeze_for_orders(address)
        for name in changed:
            setattr(address, name, data[name])
        address.save(update_fields=[*changed, "modified_date"])
    if primary and not address.primary:
        _set_primary(user=user, address=address)
    return address


@transaction.atomic
def address_delete(*, user, address: Address) -> None:
    """Remove an address from the book (kept for the orders that name it); a new default if needed."""
    book = _lock_book(user)
    address = next((a for a in book if a.pk == address.pk), None)
    if address is None:
        return
    was_primary = address.primary
    address.deleted_at = timezone.now()
    address.primary = False
    address.save(update_fields=["deleted_at", "primary", "modified_date"])
    if was_primary:
        successor = next((a for a in book if a.pk != address.pk), None)
        if successor is not None:
            _set_primary(user=user, address=successor)


def addresses_erase(*, user) -> None:
    """The account's erasure (KVKK): addresses nothing keeps are deleted, the others emptied.

    An address a protecting foreign key points at (an order's shipping or billing address) stays,
    so the order still has one, but names nobody; any other is deleted (the rows that merely
    mention it, such as a pickup address, let go of it).
    """
    addresses = Address.objects.filter(user=user)
    kept = set()
    for relation in Address._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and relation.on_delete is models.PROTECT:
            field = relation.field
            kept |= set(
                field.model._base_manager.filter(**{f"{field.name}__in": addresses}).values_list(
                    field.attname, flat=True
                )
            )
    addresses.exclude(pk__in=kept).delete()
    addresses.update(
        email="",
        phone_number="",
        first_name="",
        last_name="",
        line="",
        title="",
        postcode="",
        notes=None,
        company_name="",
        tax_office="",
        tax_no="",
        identity_number=None,
        extra_field=None,
        hash_data="",
        remote_id=None,
    )
