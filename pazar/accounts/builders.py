"""The JSON of users: the summary nested in conversations and messages, the profile, the current user.

Each shape is declared once, by a schema-only serializer in accounts/serializers.py (names, order
and the field objects that format dates and datetimes); the builders here are the only code that
answers it (pazar/core/builders.py). The profile and the current user are built from the request's
user as already loaded (no query); the summary from rows (pazar/core/rows.py), its own or joined
into another resource's statement under a prefix.
"""

from collections.abc import Sequence

from pazar.accounts.models import Gender, User
from pazar.accounts.serializers import (
    ConsentPendingSerializer,
    CurrentUserSerializer,
    LoyaltyProfileSerializer,
    ProfileSerializer,
    UserSummarySerializer,
)
from pazar.core.builders import Builder
from pazar.core.field_plans import Plan
from pazar.core.rows import RowsBy
from pazar.core.serializers import shared

_SUMMARY = Plan(UserSummarySerializer)
# The summary's columns, read by its own statement or joined into another resource's.
USER_SUMMARY_FIELDS = tuple(_SUMMARY.columns)
_summaries = RowsBy(User, USER_SUMMARY_FIELDS)


class UserSummaryBuilder(Builder):
    """A user as nested in conversations and messages: id, names, email, phone, gender."""

    schema = UserSummarySerializer
    columns = USER_SUMMARY_FIELDS

    def __init__(self):
        self._joined: dict[str, Plan] = {}

    def rows(self, ids: Sequence) -> list[dict]:
        return _summaries(ids)

    def render(self, row: dict, attrs=None, *, request=None) -> dict:
        return _SUMMARY.render(row, {})

    def joined(self, row: dict, prefix: str) -> dict | None:
        """The summary from a row that joined the user under `prefix` (`user__id`, ...); None
        when the row has no user."""
        if row[f"{prefix}__id"] is None:
            return None
        plan = self._joined.get(prefix)
        if plan is None:
            plan = self._joined[prefix] = Plan(UserSummarySerializer, prefix=f"{prefix}__")
        return plan.render(row, {})


user_summary = UserSummaryBuilder()


def _formats(declaration: type, names: Sequence[str]) -> list[tuple]:
    """(name, the declared field) for the plain fields: the field reads its source attribute and
    formats it, as the declaration says."""
    fields = shared(declaration).fields
    return [(name, fields[name]) for name in names]


def _value(field, obj):
    value = field.get_attribute(obj)
    return None if value is None else field.to_representation(value)


def _avatar(user: User, request) -> str | None:
    """The avatar's absolute URL, or null without one (as DRF's ImageField answers it)."""
    if not user.avatar:
        return None
    url = user.avatar.url
    return request.build_absolute_uri(url) if request is not None else url


class ProfileBuilder(Builder):
    """`/users/profile/` (and, with `loyalty`, `/users/profile-with-loyalty/`) as seed 002 shows it."""

    schema = ProfileSerializer
    special = ("avatar", "genders", "loyalty_card")

    def __init__(self, *, loyalty: bool = False):
        self.loyalty = loyalty
        self.schema = LoyaltyProfileSerializer if loyalty else ProfileSerializer
        self.names = tuple(self.schema.Meta.fields)
        self._plain = None

    def plain(self) -> dict:
        if self._plain is None:
            names = [name for name in self.names if name not in self.special]
            self._plain = dict(_formats(self.schema, names))
        return self._plain

    def render(self, row: User, attrs=None, *, request=None) -> dict:
        plain = self.plain()
        body = {}
        for name in self.names:
            if name == "avatar":
                body[name] = _avatar(row, request)
            elif name == "genders":
                body[name] = [{"value": value, "label": str(label)} for value, label in Gender.choices]
            elif name == "loyalty_card":
                body[name] = _loyalty_card(row)
            else:
                body[name] = _value(plain[name], row)
        return body

    def of(self, user: User, *, request=None) -> dict:
        """The profile of `user` as loaded (`loyalty_account` joined for the loyalty shape)."""
        return self.render(user, request=request)


def _loyalty_card(user: User) -> dict | None:
    account = getattr(user, "loyalty_account", None)
    if account is None:
        return None
    pending = account.needs_card or bool(account.pending_sync)
    return {"card_number": account.card_number, "status": "pending" if pending else account.status}


profile = ProfileBuilder()
loyalty_profile = ProfileBuilder(loyalty=True)


class PlainBuilder(Builder):
    """A resource whose every field is a plain attribute of one object, formatted by its declaration."""

    def __init__(self, schema: type):
        self.schema = schema
        self._formats = None

    def render(self, row, attrs=None, *, request=None) -> dict:
        if self._formats is None:
            self._formats = _formats(self.schema, list(shared(self.schema).fields))
        return {name: _value(field, row) for name, field in self._formats}

    def of(self, obj, *, request=None) -> dict:
        return self.render(obj, request=request)


current_user = PlainBuilder(CurrentUserSerializer)
# The 202 body of a profile change waiting for its code; the view puts the pending values and the
# avatar's absolute URL in.
consent_pending = PlainBuilder(ConsentPendingSerializer)
