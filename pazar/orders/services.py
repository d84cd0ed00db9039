"""Writes of the orders app at its top: staff fulfilment of items (the order follows its items).

Cancellation and refund requests are in orders/cancellations/, trade-in offers in orders/tradein/.
"""

from django.db import transaction
from django.utils import timezone

from pazar.orders import statuses
from pazar.orders.models import (
    CancellationRequest,
    OldOrder,
    Order,
    OrderItem,
    OrderStatus,
)


@transaction.atomic
def order_item_status_set(*, order_item: OrderItem, status: int) -> OrderItem:
    """Staff fulfilment: ship or deliver an item (statuses.ITEM_MOVES); the order follows its items."""
    item = OrderItem.objects.select_for_update().get(pk=order_item.pk)
    order = Order.objects.select_for_update().get(pk=item.order_id)
    statuses.item_check_move(item.status, status)
    item.status = status
    fields = ["status", "modified_date"]
    if status == OrderStatus.DELIVERED:
        item.delivered_date = timezone.now()
        fields.append("delivered_date")
    item.save(update_fields=fields)
    # The order takes its items' status once every item still in play has reached it.
    live = set(OrderItem.objects.filter(order=order).values_list("status", flat=True)) - statuses.FINAL_ITEM_STATUSES
    if live == {status} and order.status != status:
        order.status = status
        order.save(update_fields=["status", "modified_date"])
    return item


def orders_erase(*, user) -> None:
    """The account's erasure (KVKK): orders, old orders and cancellation requests forget the person."""
    Order.objects.filter(user=user).update(user_email="", remote_addr=None, gift_box_note=None, notes=None)
    OldOrder.objects.filter(user=user).update(user_email="", shipping_address="", billing_address="")
    CancellationRequest.objects.filter(user=user).update(iban=None, holder_name=None)
