"""Routes of the accounts app."""

from django.urls import path

from pazar.accounts import views

urlpatterns = [
    path("users/login/", views.LoginView.as_view(), name="login"),
    path("users/registration/", views.RegistrationView.as_view(), name="registration"),
    path("users/logout/", views.LogoutView.as_view(), name="logout"),
    path("current_user/", views.CurrentUserView.as_view(), name="current-user"),
    path("users/profile/", views.ProfileView.as_view(), name="profile"),
    path("users/user/", views.UserDetailView.as_view(), name="user-detail"),
    path("users/profile-with-loyalty/", views.LoyaltyProfileView.as_view(), name="profile-with-loyalty"),
    path("users/register-with-loyalty/", views.RegisterWithLoyaltyView.as_view(), name="register-with-loyalty"),
    path("users/segments/", views.SegmentListView.as_view(), name="segments"),
    path("users/segments/<int:segment_id>/set/", views.SegmentSetView.as_view(), name="segment-set"),
]
