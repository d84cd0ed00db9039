"""Templates per event and channel: a staff override in the database wins, the files are the fallback.

Files live under `templates/notifications/<event>/<language>/` of any app: `subject.txt`,
`body.txt` and optionally `body.html` for email, `sms.txt` for SMS.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template import Context, Engine, Template, TemplateDoesNotExist
from django.template.utils import get_app_template_dirs
from django.utils import translation
from django.utils.html import conditional_escape

from pazar.notifications.models import Notification, NotificationKind
from pazar.notifications.selectors import notification_template_override

MASK = "******"
MIN_SCRUBBED_LENGTH = 4
SUBJECT_MAX_LENGTH = Notification._meta.get_field("subject").max_length
EVENT_PATTERN = re.compile(r"^[a-z0-9_]{1,64}$")


class UnknownNotificationEvent(LookupError):
    """No template, in the database or in the files, for an event on a channel."""


@dataclass(frozen=True)
class RenderedContent:
    """What a notification says: the subject (email), the plain text and the HTML (email, optional)."""

    subject: str
    body_text: str
    body_html: str

    def masked(self, secrets: dict) -> "RenderedContent":
        """The same content with any raw secret value that slipped in elsewhere replaced by the mask."""
        subject, body_text, body_html = self.subject, self.body_text, self.body_html
        for value in secrets.values():
            raw = str(value)
            # Replacing one or two characters everywhere would mangle the text more than it hides.
            if len(raw) < MIN_SCRUBBED_LENGTH:
                continue
            subject = subject.replace(raw, MASK)
            body_text = body_text.replace(raw, MASK)
            body_html = body_html.replace(str(conditional_escape(raw)), MASK).replace(raw, MASK)
        return RenderedContent(subject=subject, body_text=body_text, body_html=body_html)

    def as_dict(self) -> dict:
        return {"subject": self.subject, "body_text": self.body_text, "body_html": self.body_html}


@dataclass(frozen=True)
class NotificationTemplates:
    """The compiled templates chosen for one event, channel and language."""

    language: str
    body_text: Template
    subject: Template | None = None
    body_html: Template | None = None

    def render(self, context: dict) -> RenderedContent:
        with translation.override(self.language):
            subject = _render(self.subject, context, autoescape=False)
            body_text = _render(self.body_text, context, autoescape=False)
            body_html = _render(self.body_html, context, autoescape=True)
        # A header cannot span lines, whatever the template's line breaks, nor outgrow its column.
        subject = " ".join(subject.split())[:SUBJECT_MAX_LENGTH]
        return RenderedContent(subject=subject, body_text=body_text.strip(), body_html=body_html)


def _render(template: Template | None, context: dict, *, autoescape: bool) -> str:
    if template is None:
        return ""
    return template.render(Context(context, autoescape=autoescape))


def _engine() -> Engine:
    return Engine.get_default()


def compile_template(source: str) -> Template:
    """Compile a template string (raises TemplateSyntaxError)."""
    return _engine().from_string(source)


def supported_language(*candidates: str | None) -> str:
    """The first candidate pazar speaks ("tr-TR" counts as "tr"), else the default language."""
    supported = {code for code, _name in settings.LANGUAGES}
    for candidate in candidates:
        if not candidate:
            continue
        code = candidate.strip().lower().replace("_", "-")
        if code in supported:
            return code
        primary = code.split("-")[0]
        if primary in supported:
            return primary
    return settings.LANGUAGE_CODE


def _file_template(name: str) -> Template | None:
    try:
        return _engine().get_template(name)
    except TemplateDoesNotExist:
        return None


def _from_files(*, event: str, kind: str, language: str) -> NotificationTemplates | None:
    folder = f"notifications/{event}/{language}"
    if kind == NotificationKind.SMS:
        text = _file_template(f"{folder}/sms.txt")
        return NotificationTemplates(language=language, body_text=text) if text else None
    subject, text = _file_template(f"{folder}/subject.txt"), _file_template(f"{folder}/body.txt")
    if subject is None or text is None:
        return None
    return NotificationTemplates(
        language=language, subject=subject, body_text=text, body_html=_file_template(f"{folder}/body.html")
    )


def _from_override(*, event: str, kind: str, language: str) -> NotificationTemplates | None:
    override = notification_template_override(event=event, channel=kind, language=language)
    if override is None:
        return None
    is_email = kind == NotificationKind.EMAIL
    return NotificationTemplates(
        language=language,
        body_text=compile_template(override.body_text),
        subject=compile_template(override.subject) if is_email else None,
        body_html=compile_template(override.body_html) if is_email and override.body_html.strip() else None,
    )


def notification_templates(*, event: str, kind: str, language: str) -> NotificationTemplates:
    """The templates for an event: the language asked for, else the default one; staff overrides first."""
    if not EVENT_PATTERN.match(event):
        raise UnknownNotificationEvent(f"Invalid notification event name {event!r}.")
    for candidate in dict.fromkeys([language, settings.LANGUAGE_CODE]):
        templates = _from_override(event=event, kind=kind, language=candidate) or _from_files(
            event=event, kind=kind, language=candidate
        )
        if templates is not None:
            return templates
    raise UnknownNotificationEvent(f"No {kind} template for the notification event {event!r}.")


def shipped_events() -> list[str]:
    """The events that have template files in some app, for the admin's choices."""
    events = set()
    for directory in get_app_template_dirs("templates"):
        folder = Path(directory) / "notifications"
        if folder.is_dir():
            events.update(p.name for p in folder.iterdir() if p.is_dir() and EVENT_PATTERN.match(p.name))
    return sorted(events)
