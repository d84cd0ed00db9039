"""The address object's builders: the address book's answers and the addresses nested in orders.

One statement reads a page of addresses with their country, city, township, district and user
joined (a missing one is null); each address is then rendered, the country's and city's names in
the request's language (as the location lists answer them), in AddressSerializer's field order
(the serializers are schema declarations, pazar/core/builders.py). `ADDRESS` answers seed 003's
full object (`/address/detailed/`, an address's GET and write answers, orders' shipping and billing
addresses), `ADDRESS_IDS` the list's shape with the related objects as ids (`GET /address/`).
"""

from functools import cached_property
from types import SimpleNamespace

from django.http import Http404

from pazar.addresses.models import Address
from pazar.addresses.serializers import ADDRESS_RELATED, AddressIdsSerializer, AddressSerializer, localized_text
from pazar.core.builders import Builder
from pazar.core.field_plans import Plan
from pazar.core.rows import RowsBy

# The nested places that carry per-language names (`translations`); townships and districts keep one.
LOCALIZED = ("country", "city")


class AddressBuilder(Builder):
    """Seed 003's address, its related objects nested."""

    schema = AddressSerializer
    key = "pk"

    @cached_property
    def _plans(self):
        top = Plan(AddressSerializer)
        nested = {name: Plan(type(top.fields[name]), prefix=f"{name}__") for name in ADDRESS_RELATED}
        # Nested objects are plain columns, their primary key first (null when the object is missing),
        # plus the constants their declaration holds (the user's `attributes_kwargs`).
        constants = {name: getattr(plan.serializer_class, "CONSTANTS", {}) for name, plan in nested.items()}
        assert all(set(plan.computed) <= set(constants[name]) for name, plan in nested.items())
        assert all(plan.columns[0] in ("pk", "id") for plan in nested.values())
        absent = {name: f"{name}__{plan.columns[0]}" for name, plan in nested.items()}
        statement = RowsBy(
            Address,
            [*top.columns, "deleted_at"],
            related={name: plan.columns for name, plan in nested.items()},
        )
        return SimpleNamespace(top=top, nested=nested, constants=constants, absent=absent, statement=statement)

    def rows(self, ids):
        return self._plans.statement(ids)

    @property
    def page_statement(self) -> RowsBy:
        """The statement whose columns (and joins) a list page reads (pazar/core/lists.py)."""
        return self._plans.statement

    def render(self, row, attrs=None, *, request=None):
        plans = self._plans
        top, nested, constants, absent = plans.top, plans.nested, plans.constants, plans.absent
        computed = {
            name: None
            if row[absent[name]] is None
            else plan.render(row, {k: dict(v) for k, v in constants[name].items()})
            for name, plan in nested.items()
        }
        # A place's name follows the request's language, as the location lists answer it.
        for name in LOCALIZED:
            place = computed[name]
            if place is not None:
                place["name"] = localized_text(place["name"], place["translations"])
        return top.render(row, computed)

    def by_pk(self, ids) -> dict:
        """Each address of `ids` once, by its pk (however many orders name it)."""
        return {row["pk"]: self.render(row) for row in self.rows(ids)}

    def of_user(self, *, user, pk) -> dict:
        """One address of the user's book; anyone else's, or a deleted one, is a 404."""
        found = self.rows([pk])
        if not found or found[0]["user__pk"] != user.pk or found[0]["deleted_at"] is not None:
            raise Http404
        return self.render(found[0])


class AddressIdsBuilder(Builder):
    """`GET /address/`'s item: the same fields, country, city, township, district and user as ids."""

    schema = AddressIdsSerializer
    key = "pk"

    @cached_property
    def _plan(self):
        plan = Plan(AddressIdsSerializer)
        return SimpleNamespace(plan=plan, statement=RowsBy(Address, plan.columns))

    def rows(self, ids):
        return self._plan.statement(ids)

    @property
    def page_statement(self) -> RowsBy:
        return self._plan.statement

    def render(self, row, attrs=None, *, request=None):
        return self._plan.plan.render(row, {})


ADDRESS = AddressBuilder()
ADDRESS_IDS = AddressIdsBuilder()
