"""Importing orders from outside (there is no checkout here): JSON lines validated and imported one by one.

Each line is one order in the shape of the order detail response (`import_orders`) or of the old
order response (`import_old_orders`). Orders are matched to users by email and are idempotent by
number: a number already imported is skipped, never duplicated or overwritten.

`serializers.py` validates a line; `services.py` writes it and runs a file of them.
"""
