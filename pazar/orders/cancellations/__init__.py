"""Cancellation and refund requests of order items: the shopper's requests and staff decisions (services)."""
