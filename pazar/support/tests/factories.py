"""Factories for contact-us subjects."""

import factory

from pazar.support.models import ContactUsSubject


class ContactUsSubjectFactory(factory.django.DjangoModelFactory):
    """An active subject in English and Turkish that needs no order, placed after the ones before it."""

    class Meta:
        model = ContactUsSubject

    text_en = factory.Sequence(lambda n: f"Technical Support {n}")
    text_tr = factory.Sequence(lambda n: f"Teknik Destek {n}")
    is_order_needed = False
    is_active = True
    sort_order = factory.Sequence(lambda n: n)
