"""Reads of the addresses app: the caller's address book, and the active location lists."""

import uuid

from django.core.cache import cache
from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404

from pazar.addresses.models import Address, City, Country, District, Township
from pazar.core.lists import ListOf, Scoped

LOCATIONS_VERSION_KEY = "addresses:locations:version"


# The address books (pazar/core/lists.py): a deleted address (`deleted_at` set) is in no list.
ADDRESS_BOOKS = ListOf(Address, key="user", where={"deleted_at": None}, order_by=("-primary", "-pk"))


def address_book(*, user) -> Scoped:
    """The user's address book (deleted ones left out): the default first, then the newest."""
    return ADDRESS_BOOKS.of(user.pk)


def address_list(*, user) -> QuerySet[Address]:
    """The user's address book as a queryset (the writes' and the detail's scope)."""
    return address_book(user=user).queryset()


def address_get(*, user, pk) -> Address:
    """One address of the user's book; anyone else's, or a deleted one, is a 404."""
    return get_object_or_404(address_list(user=user), pk=pk)


def country_list() -> QuerySet[Country]:
    return Country.objects.filter(is_active=True).order_by("pk")


def city_list() -> QuerySet[City]:
    return (
        City.objects.filter(is_active=True, country__is_active=True)
        .select_related("country")
        .order_by(F("priority").asc(nulls_last=True), "pk")
    )


def township_list() -> QuerySet[Township]:
    return Township.objects.filter(is_active=True).select_related("city__country").order_by("pk")


def district_list() -> QuerySet[District]:
    return District.objects.filter(is_active=True).order_by("pk")


def locations_version() -> str:
    """Part of every cached location page's key: a new one drops them all at once."""
    version = cache.get(LOCATIONS_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(LOCATIONS_VERSION_KEY, version, timeout=None):
            version = cache.get(LOCATIONS_VERSION_KEY) or version
    return version


def locations_changed() -> None:
    """A country, city, township or district changed: the cached pages are stale."""
    cache.set(LOCATIONS_VERSION_KEY, uuid.uuid4().hex, timeout=None)
