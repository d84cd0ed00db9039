"""What the catalog tells the apps built on it; they connect in their `AppConfig.ready`.

Sent explicitly by the catalog's services, inside their transaction: a receiver's writes commit
or roll back with the change, and an exception in one aborts it.
"""

from django.dispatch import Signal

# A product went from out of stock to in stock; its row is locked. Sent with `product`.
product_back_in_stock = Signal()
