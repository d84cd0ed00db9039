"""Routes of the support app."""

from django.urls import path

from pazar.support import views

urlpatterns = [
    path("users/contact-us-subjects/", views.ContactUsSubjectListView.as_view(), name="contact-us-subjects"),
    path("users/contact-us/", views.ContactUsView.as_view(), name="contact-us"),
]
