"""Routes of the accounts app."""

from django.urls import path

from pazar.accounts import views
from pazar.accounts.captcha import views as captcha_views
from pazar.accounts.lifecycle import views as lifecycle_views

urlpatterns = [
    path("users/login/", views.LoginView.as_view(), name="login"),
    path("users/registration/", views.RegistrationView.as_view(), name="registration"),
    path("users/pz-captcha/", captcha_views.CaptchaView.as_view(), name="captcha"),
    path("users/logout/", lifecycle_views.LogoutView.as_view(), name="logout"),
    path("users/password/change/", lifecycle_views.PasswordChangeView.as_view(), name="password-change"),
    path("users/password/reset/", lifecycle_views.PasswordResetView.as_view(), name="password-reset"),
    path("users/reset/<str:slug>/", lifecycle_views.PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
    path("users/email-change/", lifecycle_views.EmailChangeView.as_view(), name="email-change"),
    path(
        "users/email-set-primary/<str:token>/", lifecycle_views.EmailSetPrimaryView.as_view(), name="email-set-primary"
    ),
    path(
        "users/registration/account-confirm-email/<str:token>/",
        lifecycle_views.RegistrationEmailConfirmView.as_view(),
        name="registration-email-confirm",
    ),
    path(
        "users/registration/resend-email/",
        lifecycle_views.RegistrationEmailResendView.as_view(),
        name="registration-email-resend",
    ),
    path("users/anonymize/", lifecycle_views.AnonymizeView.as_view(), name="anonymize"),
    path("current_user/", views.CurrentUserView.as_view(), name="current-user"),
    path("users/profile/", views.ProfileView.as_view(), name="profile"),
    path("users/user/", views.UserDetailView.as_view(), name="user-detail"),
    path("users/profile-with-loyalty/", views.LoyaltyProfileView.as_view(), name="profile-with-loyalty"),
    path("users/register-with-loyalty/", views.RegisterWithLoyaltyView.as_view(), name="register-with-loyalty"),
    path("users/segments/", views.SegmentListView.as_view(), name="segments"),
    path("users/segments/<int:segment_id>/set/", views.SegmentSetView.as_view(), name="segment-set"),
]
