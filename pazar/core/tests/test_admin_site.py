"""The admin site: says pazar, logs in by email, shows failed notifications and which secrets are set."""

import pytest
from django.urls import reverse

from pazar.accounts.tests.factories import StaffUserFactory
from pazar.notifications.models import Notification, NotificationStatus


@pytest.mark.django_db
def test_the_login_page_says_pazar_and_asks_for_an_email(client):
    content = client.get(reverse("admin:login")).content.decode()

    assert "<title>Log in | pazar</title>" in content
    assert '<label for="id_username" class="required">Email:</label>' in content
    assert 'type="email" name="username"' in content


@pytest.mark.django_db
def test_staff_log_in_with_their_email(client, password):
    StaffUserFactory(email="agent@pazar.local", password=password)

    response = client.post(reverse("admin:login"), {"username": "Agent@Pazar.local", "password": password})

    assert response.status_code == 302


@pytest.mark.django_db
def test_the_index_counts_failed_notifications_and_links_them(client):
    client.force_login(StaffUserFactory(is_superuser=True))
    for status in (NotificationStatus.FAILED, NotificationStatus.FAILED, NotificationStatus.SENT):
        Notification.objects.create(
            kind="email", event="x", to="a@example.com", language="en", body_text="b", status=status
        )

    content = client.get(reverse("admin:index")).content.decode()

    assert "Failed notifications" in content
    assert "?status__exact=failed" in content
    assert ">2</a>" in content


@pytest.mark.django_db
def test_the_index_says_whether_secrets_are_set_never_their_values(client, settings):
    settings.SMS_GATEWAY_PASSWORD = "gateway-secret-value"
    settings.LOYALTY_SERVICE_TOKEN = ""
    client.force_login(StaffUserFactory(is_superuser=True))

    content = client.get(reverse("admin:index")).content.decode()

    assert "gateway-secret-value" not in content and settings.SECRET_KEY not in content
    assert "<code>SMS_GATEWAY_PASSWORD</code></th><td>set</td>" in content
    assert "<code>LOYALTY_SERVICE_TOKEN</code></th><td>not set</td>" in content


def test_the_dynamic_settings_hold_no_secret():
    from django.conf import settings

    # A setting is named by its last word (SMS_GATEWAY_PASSWORD holds a password, PASSWORD_RESET_URL a
    # URL), and a secret is text (ANONYMIZE_REQUIRES_PASSWORD is a switch).
    secrets = [
        name
        for name, (default, *_rest) in settings.CONSTANCE_CONFIG.items()
        if name.lower().rsplit("_", 1)[-1] in ("password", "token", "secret", "key", "dsn") and isinstance(default, str)
    ]
    assert not secrets
