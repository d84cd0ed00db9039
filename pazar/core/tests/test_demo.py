"""`manage.py demo`: idempotent, and its --json output is what scripts need."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from pazar.accounts.models import User
from pazar.catalog.models import DataSource, Product, ProductImage


def _demo_json() -> dict:
    out = StringIO()
    # pytest-django runs with DEBUG=False, where the command wants --force
    call_command("demo", "--json", "--force", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_demo_twice_creates_the_same_shop(api_client):
    # when the demo runs twice
    first = _demo_json()
    counts = (User.objects.count(), DataSource.objects.count(), Product.objects.count(), ProductImage.objects.count())
    second = _demo_json()

    # then nothing is duplicated and the answer is the same
    assert first == second
    assert counts == (
        User.objects.count(),
        DataSource.objects.count(),
        Product.objects.count(),
        ProductImage.objects.count(),
    )
    assert len(first["users"]) >= 2
    assert len(first["sellers"]) >= 2
    assert set(first["users"][0]) == {"id", "email", "password"}
    assert set(first["sellers"][0]) == {"datasource_id", "channel_id", "token"}


@pytest.mark.django_db
def test_demo_accounts_work(api_client):
    data = _demo_json()

    # shoppers log in with the printed passwords
    shopper = data["users"][0]
    login = api_client.post("/users/login/", {"email": shopper["email"], "password": shopper["password"]})
    assert login.status_code == 200
    assert login.cookies["osessionid"].value

    # sellers authenticate with their tokens and are linked to their datasource
    seller = data["sellers"][0]
    seller_client = APIClient()
    seller_client.credentials(HTTP_AUTHORIZATION=f"Token {seller['token']}")
    me = seller_client.get("/current_user/")
    assert me.status_code == 200
    assert User.objects.get(pk=me.json()["pk"]).datasource_id == seller["datasource_id"]


@pytest.mark.django_db
def test_demo_prints_a_short_summary_without_email_bodies(capsys):
    out, err = StringIO(), StringIO()
    call_command("demo", "--force", stdout=out, stderr=err)

    summary = out.getvalue()
    assert summary.startswith("Demo data is ready.")
    assert "ayse@pazar.local" in summary and "Authorization: Token" in summary
    assert "admin    /admin/  admin@pazar.local" in summary
    assert len(summary.splitlines()) < 12
    printed = summary + err.getvalue() + "".join(capsys.readouterr())
    assert "Content-Type" not in printed and "MIME-Version" not in printed
    assert "No hostname was supplied" not in printed and "succeeded in" not in printed
