"""Staff-entered text of the accounts app, per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from pazar.accounts.models import Segment


@register(Segment)
class SegmentTranslationOptions(TranslationOptions):
    fields = ("name",)
