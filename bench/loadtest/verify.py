"""After the load: is every 2xx write in the database, and was every email delivered exactly once?

Reads the request log (LOADTEST_LOG) and the emails the file backend wrote (EMAIL_FILE_PATH);
prints one JSON object with the findings (counts, and at most EXAMPLES ids of each kind) and
exits 1 when a write is missing, an email was sent twice, or an email of the outbox was not
delivered (still pending or sending, failed, or marked sent with no message written).
"""

import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pazar.settings")
django.setup()

from pazar.conversations.models import Message  # noqa: E402
from pazar.notifications.models import Notification  # noqa: E402
from pazar.orders.models import CancellationRequest  # noqa: E402
from pazar.support.models import ContactUsMessage  # noqa: E402

EXAMPLES = 20
HEADER = re.compile(rb"^X-Pazar-Notification: (\d+)\r?$", re.MULTILINE)


def main() -> None:
    writes = [json.loads(line) for line in open(os.environ["LOADTEST_LOG"]) if '"write"' in line]  # noqa: SIM115
    by_kind = {
        kind: [w["key"] for w in writes if w["write"] == kind] for kind in ("message", "cancellation", "contact")
    }
    found_messages = set(
        Message.objects.filter(message_content__in=by_kind["message"]).values_list("message_content", flat=True)
    )
    found_requests = set(
        CancellationRequest.objects.filter(pk__in=by_kind["cancellation"]).values_list("pk", flat=True)
    )
    found_contacts = set(
        ContactUsMessage.objects.filter(message__in=by_kind["contact"]).values_list("message", flat=True)
    )
    missing = {
        "message": sorted(set(by_kind["message"]) - found_messages),
        "cancellation": sorted(set(by_kind["cancellation"]) - found_requests),
        "contact": sorted(set(by_kind["contact"]) - found_contacts),
    }

    sends = Counter()
    for path in Path(os.environ["EMAIL_FILE_PATH"]).glob("*"):
        sends.update(int(match) for match in HEADER.findall(path.read_bytes()))
    emails = Notification.objects.filter(kind="email")
    statuses = Counter(Notification.objects.values_list("status", flat=True))
    email_ids = set(emails.values_list("pk", flat=True))
    sent_ids = set(emails.filter(status="sent").values_list("pk", flat=True))
    twice = sorted(pk for pk, count in sends.items() if count > 1)
    not_sent = sorted(email_ids - sent_ids)
    sent_not_delivered = sorted(sent_ids - set(sends))
    delivered_not_sent = sorted(set(sends) - sent_ids)
    lost = sum(len(keys) for keys in missing.values())
    result = {
        "passed": not (lost or twice or not_sent or sent_not_delivered),
        "writes_answered_2xx": {kind: len(keys) for kind, keys in by_kind.items()},
        "writes_missing_from_db": {kind: len(keys) for kind, keys in missing.items()},
        "missing_examples": {kind: keys[:EXAMPLES] for kind, keys in missing.items() if keys},
        "notifications": dict(statuses),
        "emails_in_outbox": len(email_ids),
        "emails_sent_once": sum(1 for pk in sent_ids if sends[pk] == 1),
        "emails_sent_twice_or_more": len(twice),
        "emails_not_sent": len(not_sent),
        "emails_marked_sent_but_not_delivered": len(sent_not_delivered),
        "emails_delivered_but_not_marked_sent": len(delivered_not_sent),
        "examples": {
            name: ids[:EXAMPLES]
            for name, ids in (
                ("sent_twice_or_more", twice),
                ("not_sent", not_sent),
                ("marked_sent_but_not_delivered", sent_not_delivered),
                ("delivered_but_not_marked_sent", delivered_not_sent),
            )
            if ids
        },
        # Why the undelivered ones wait: a digest held to its window, a backoff, or a lost task.
        "not_sent_rows": list(
            emails.filter(pk__in=not_sent[:EXAMPLES]).values(
                "pk", "status", "event", "attempts", "group_key", "next_attempt_at", "last_error"
            )
        ),
    }
    print(json.dumps(result, default=str))
    sys.exit(0 if result["passed"] else 1)


if __name__ == "__main__":
    main()
