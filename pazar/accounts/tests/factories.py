"""Factories for users and seller accounts."""

import factory

from pazar.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    """A registered shopper with a usable password (`password=` to choose it)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"shopper{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", "correct-Horse-battery-9")

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class SellerUserFactory(UserFactory):
    """A seller account acting as one datasource."""

    email = factory.Sequence(lambda n: f"seller{n}@example.com")
    datasource = factory.SubFactory("pazar.catalog.tests.factories.DataSourceFactory")


class StaffUserFactory(UserFactory):
    """A back-office user."""

    email = factory.Sequence(lambda n: f"staff{n}@example.com")
    is_staff = True
