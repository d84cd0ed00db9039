"""`manage.py import_orders FILE`: orders as JSON lines in the order detail's shape, idempotent by number."""

from pazar.orders.importing.serializers import OrderImportSerializer
from pazar.orders.importing.services import order_import
from pazar.orders.management.commands._import import ImportCommand


class Command(ImportCommand):
    """Import orders from JSON lines."""

    help = (
        "Import orders from JSON lines (one order detail response per line), matched to users by "
        "user_email. An order number already imported is skipped; bad lines are reported and skipped."
    )
    serializer_class = OrderImportSerializer
    importer = staticmethod(order_import)
    label = "orders"
