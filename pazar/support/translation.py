"""Staff-entered text of the support app, per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from pazar.support.models import ContactUsSubject


@register(ContactUsSubject)
class ContactUsSubjectTranslationOptions(TranslationOptions):
    fields = ("text",)
