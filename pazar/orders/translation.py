"""Staff-entered texts of the orders app, one column per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from pazar.orders.models import CancellationReason


@register(CancellationReason)
class CancellationReasonTranslationOptions(TranslationOptions):
    """`subject` reads the active language: subject_en, subject_tr."""

    fields = ("subject",)
    required_languages = ("en",)
