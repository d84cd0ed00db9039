"""`email__iexact` as the case-insensitive unique indexes read it: LOWER(column) = LOWER(value).

Django writes `iexact` as `UPPER(column) = UPPER(value)` on PostgreSQL, which no index of pazar's
matches: the accounts' and subscriptions' unique constraints are on `Lower("email")`, so a
login, a registration or a password reset would read every user. Registered on EmailField (core's
AppConfig.ready), so every `email__iexact` in the code, joins included, compares what the unique
index compares: two addresses equal here are exactly the two the constraint refuses.
"""

from django.db import models
from django.db.models import Lookup


class LowerExact(Lookup):
    lookup_name = "iexact"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"LOWER({lhs}) = LOWER({rhs})", [*lhs_params, *rhs_params]


def register() -> None:
    models.EmailField.register_lookup(LowerExact)
