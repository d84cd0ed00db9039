"""docs/error-codes.md is what the apps' error_codes.py say (regenerate with `make error-codes`)."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from pazar.core.error_codes_doc import render

DOC = Path(__file__).resolve().parents[3] / "docs" / "error-codes.md"


def test_the_error_code_document_matches_the_code():
    assert DOC.read_text(encoding="utf-8") == render(), "docs/error-codes.md is stale: run `make error-codes`"


def test_every_code_is_in_the_document_once():
    from pazar.orders import error_codes

    text = render()
    assert text.count(f"`{error_codes.TRANSITION_NOT_ALLOWED.code}`") == 1
    assert "Bu sipariş kaleminin iade süresi doldu." in text  # the Turkish message too


def test_the_command_prints_the_document():
    out = StringIO()
    call_command("error_codes_doc", stdout=out)
    assert out.getvalue() == render()
