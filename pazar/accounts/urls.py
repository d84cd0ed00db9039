"""Routes of the accounts app."""

from django.urls import path

from pazar.accounts import views

urlpatterns = [
    path("users/login/", views.LoginView.as_view(), name="login"),
    path("users/registration/", views.RegistrationView.as_view(), name="registration"),
    path("users/logout/", views.LogoutView.as_view(), name="logout"),
    path("current_user/", views.CurrentUserView.as_view(), name="current-user"),
]
