"""Reads for accounts, already joined for what the serializers touch."""

from django.db.models import QuerySet

from pazar.accounts.models import Segment, User


def user_with_loyalty(*, user_id: int) -> User:
    """The user with their loyalty account (or none) in one query."""
    return User.objects.select_related("loyalty_account").get(pk=user_id)


def segments_for_user(*, user: User) -> QuerySet[Segment]:
    """The active segments assigned to the user, by priority."""
    return Segment.objects.filter(users=user, is_active=True).order_by("priority", "pk")
