"""Reads for contact-us."""

from django.db.models import QuerySet

from pazar.support.models import ContactUsSubject


def contact_us_subjects() -> QuerySet[ContactUsSubject]:
    """Active subjects in staff-set order."""
    return ContactUsSubject.objects.filter(is_active=True).order_by("sort_order", "pk")
