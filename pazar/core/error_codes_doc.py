"""docs/error-codes.md, generated from every app's error_codes.py (`make error-codes` writes it)."""

from importlib import import_module

from django.apps import apps
from django.utils import translation

from pazar.core.exceptions import DomainError, ErrorCode

HEADER = """# Error codes

Generated from each app's `error_codes.py` by `make error-codes`
(`python manage.py error_codes_doc --write docs/error-codes.md`); a test fails when this file and the
code differ. Do not edit by hand.

A business rule refused the request: the answer is
`{"non_field_errors": "<message>", "error_code": "<code>"}`, status **%(status)d** by default (a
service may raise a code with another status; the area's documentation says where). Messages are
in the request's language (`Accept-Language`; English and Turkish here).
`%%(name)s` and `{name}` are filled in with the request's values.
"""


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _translated(message, language: str) -> str:
    with translation.override(language):
        return str(message)


def render() -> str:
    """The whole document: one section per app, codes in the order the module declares them."""
    parts = [HEADER % {"status": DomainError.status_code}]
    for config in sorted(apps.get_app_configs(), key=lambda c: c.name):
        if not config.name.startswith("pazar."):
            continue
        try:
            module = import_module(f"{config.name}.error_codes")
        except ModuleNotFoundError:
            continue
        codes = [(name, value) for name, value in vars(module).items() if isinstance(value, ErrorCode)]
        messages = [
            (name, value)
            for name, value in vars(module).items()
            if name.isupper() and not isinstance(value, ErrorCode) and hasattr(value, "_proxy____args")
        ]
        parts.append(f"\n## {config.verbose_name} (`{config.name}`)\n")
        if codes:
            parts.append("\n| code | message | Turkish | name in code |\n| --- | --- | --- | --- |\n")
            for name, code in codes:
                parts.append(
                    f"| `{code.code}` | {_cell(_translated(code.message, 'en'))} | "
                    f"{_cell(_translated(code.message, 'tr'))} | `{name}` |\n"
                )
        if messages:
            parts.append(
                '\nField and request errors (400, `{"<field>": ["<message>"]}` or `non_field_errors`):\n'
                "\n| message | Turkish | name in code |\n| --- | --- | --- |\n"
            )
            for name, message in messages:
                parts.append(
                    f"| {_cell(_translated(message, 'en'))} | {_cell(_translated(message, 'tr'))} | `{name}` |\n"
                )
    return "".join(parts)
