"""What accounts tells the apps built on it; they connect in their `AppConfig.ready`.

Sent explicitly by accounts' services, inside their transaction: a receiver's writes commit or
roll back with the change, and an exception in one aborts it.
"""

from django.dispatch import Signal

# The account holder changed their email permission in the profile. Sent with `user`, `allowed`.
email_permission_changed = Signal()
