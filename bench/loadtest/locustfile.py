"""The mixed workload of `make loadtest`: shoppers reading and writing, sellers answering, contact forms.

Every request is logged to LOADTEST_LOG (JSON lines: start, duration, name, status, a body snippet
for 5xx); every write answered 2xx also records what it wrote (`write`), so the verifier can find
it in the database afterwards. Each simulated shopper comes through the storefront's server (a
trusted proxy) with its own address in X-Forwarded-For, as in production.
"""

import itertools
import json
import os
import random
import threading
import time
import uuid

from locust import HttpUser, between, events, task

CREDENTIALS = json.load(open(os.environ["LOADTEST_CREDS"]))  # noqa: SIM115
LOG = open(os.environ["LOADTEST_LOG"], "a", buffering=1)  # noqa: SIM115
LOCK = threading.Lock()
SHOPPER_SLOTS = itertools.count()
SELLER_SLOTS = itertools.count()


def record(**entry) -> None:
    with LOCK:
        LOG.write(json.dumps(entry) + "\n")


@events.request.add_listener
def on_request(request_type, name, response_time, response_length, response, exception, start_time, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    entry = {"t": start_time, "ms": response_time, "name": f"{request_type} {name}", "status": status}
    if exception is not None and not status:
        entry["error"] = repr(exception)[:200]
    if status >= 500:
        entry["body"] = (getattr(response, "text", "") or "")[:300]
    record(**entry)


class Shopper(HttpUser):
    """A shopper of the storefront: reads orders and conversations, writes messages and cancellations."""

    weight = 5
    wait_time = between(0.5, 2.0)

    def on_start(self):
        slot = next(SHOPPER_SLOTS)
        self.me = CREDENTIALS["shoppers"][slot % len(CREDENTIALS["shoppers"])]
        self.items = list(self.me["items"])
        self.email = f"load{slot}@pazar.local"
        self.client.headers.update(
            {"Authorization": f"Token {self.me['token']}", "X-Forwarded-For": f"10.1.{slot // 250}.{slot % 250 + 1}"}
        )

    @task(5)
    def orders(self):
        self.client.get("/users/orders/?limit=12", name="/users/orders/")

    @task(2)
    def order(self):
        self.client.get(f"/users/orders/{self.me['order']}/", name="/users/orders/<id>/")

    @task(4)
    def conversations(self):
        self.client.get("/users/conversations/", name="/users/conversations/")

    @task(2)
    def message(self):
        text = f"load-{uuid.uuid4().hex}"
        body = {
            "conversation": random.choice(self.me["conversations"]),  # noqa: S311
            "message_content": text,
            "user_type": "registered",
            "content_type": "user",
            "content_id": self.me["user"],
        }
        with self.client.post("/users/messages/", json=body, name="/users/messages/", catch_response=True) as r:
            if 200 <= r.status_code < 300:
                record(write="message", key=text, t=time.time())
            r.success() if r.status_code < 500 else r.failure(str(r.status_code))

    @task(1)
    def cancel(self):
        if not self.items:
            return
        item = self.items.pop()
        body = {"order_item": item, "reason": CREDENTIALS["reason"], "cancellation_type": "cancel", "quantity": 1}
        with self.client.post(
            "/users/orders/cancellation_requests/",
            json=body,
            name="/users/orders/cancellation_requests/",
            catch_response=True,
        ) as r:
            if 200 <= r.status_code < 300:
                record(write="cancellation", key=r.json()["id"], t=time.time())
            r.success() if r.status_code < 500 else r.failure(str(r.status_code))

    @task(1)
    def contact(self):
        text = f"load-contact-{uuid.uuid4().hex}"
        body = {
            "subject": CREDENTIALS["subject"],
            "full_name": "Load Shopper",
            "email": "load@pazar.local",
            "message": text,
        }
        with self.client.post("/users/contact-us/", json=body, name="/users/contact-us/", catch_response=True) as r:
            if 200 <= r.status_code < 300:
                record(write="contact", key=text, t=time.time())
            r.success() if r.status_code < 500 else r.failure(str(r.status_code))


class Seller(HttpUser):
    """A seller's integration: reads the unanswered inbox and answers (the shopper gets an email)."""

    weight = 1
    wait_time = between(0.5, 2.0)

    def on_start(self):
        slot = next(SELLER_SLOTS)
        self.me = CREDENTIALS["sellers"][slot % len(CREDENTIALS["sellers"])]
        self.client.headers.update({"Authorization": f"Token {self.me['token']}"})
        self.inbox = []

    @task(3)
    def read_inbox(self):
        response = self.client.get(
            "/api/v1/remote/1/conversations/?is_answered=false&limit=20", name="/api/v1/remote/1/conversations/"
        )
        if response.status_code == 200:
            self.inbox = [c["id"] for c in response.json()["results"]]

    @task(2)
    def answer(self):
        if not self.inbox:
            return
        text = f"load-reply-{uuid.uuid4().hex}"
        body = {
            "conversation": random.choice(self.inbox),  # noqa: S311
            "message_content": text,
            "user_type": "registered",
            "content_type": "datasource",
            "content_id": self.me["datasource"],
        }
        with self.client.post(
            "/api/v1/remote/1/messages/", json=body, name="/api/v1/remote/1/messages/", catch_response=True
        ) as r:
            if 200 <= r.status_code < 300:
                record(write="message", key=text, t=time.time())
            r.success() if r.status_code < 500 else r.failure(str(r.status_code))
