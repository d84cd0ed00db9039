"""`manage.py import_old_orders FILE`: migrated orders as JSON lines, idempotent by number."""

from pazar.orders.importing.serializers import OldOrderImportSerializer
from pazar.orders.importing.services import old_order_import
from pazar.orders.management.commands._import import ImportCommand


class Command(ImportCommand):
    """Import old orders from JSON lines."""

    help = (
        "Import old (migrated) orders from JSON lines (one old order response per line), matched to "
        "users by user_email. A number already imported is skipped; bad lines are reported and skipped."
    )
    serializer_class = OldOrderImportSerializer
    importer = staticmethod(old_order_import)
    label = "old orders"
