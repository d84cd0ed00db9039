"""Factories for favourites and stock alerts."""

import factory

from pazar.accounts.tests.factories import UserFactory
from pazar.catalog.tests.factories import ProductFactory
from pazar.wishlists.models import FavouriteProduct, ProductAlert


class FavouriteProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FavouriteProduct

    user = factory.SubFactory(UserFactory)
    product = factory.SubFactory(ProductFactory)


class ProductAlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductAlert

    user = factory.SubFactory(UserFactory)
    product = factory.SubFactory(ProductFactory)
