"""Factories for catalog data."""

import factory

from pazar.catalog.models import Channel, DataSource, PriceList, Product, ProductImage, StockList


class PriceListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceList

    name = factory.Sequence(lambda n: f"Price list {n}")
    code = factory.Sequence(lambda n: f"pl-{n}")


class StockListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockList

    name = factory.Sequence(lambda n: f"Stock list {n}")
    code = factory.Sequence(lambda n: f"sl-{n}")


class DataSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataSource

    name = factory.Sequence(lambda n: f"seller-{n}")
    slug = factory.Sequence(lambda n: f"seller-{n}")
    title = factory.Sequence(lambda n: f"Seller {n}")
    supplier_code = factory.Sequence(lambda n: f"SUP{n:05d}")


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    name = factory.Sequence(lambda n: f"Channel {n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"{1000000 + n}")
    base_code = factory.Sequence(lambda n: f"BC{n:05d}")
    name = factory.Faker("sentence", nb_words=3)
    absolute_url = factory.LazyAttribute(lambda o: f"/product/{o.sku}/")
    data_source = factory.SubFactory(DataSourceFactory)


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    image = factory.Sequence(lambda n: f"products/2026/01/01/{n}.jpg")
    order = 0
    height = 80
    width = 100
