"""Routes of the conversations app."""

from django.urls import path

from pazar.conversations import views

urlpatterns = [
    path("users/conversations/", views.UserConversationListView.as_view(), name="user-conversations"),
    path("users/conversations/<int:pk>/", views.UserConversationDetailView.as_view(), name="user-conversation"),
    path("users/messages/", views.UserMessageListView.as_view(), name="user-messages"),
    path(
        "api/v1/remote/<int:channel_id>/conversations/",
        views.RemoteConversationListView.as_view(),
        name="remote-conversations",
    ),
    path(
        "api/v1/remote/<int:channel_id>/conversations/metrics/",
        views.RemoteConversationMetricsView.as_view(),
        name="remote-conversation-metrics",
    ),
    path(
        "api/v1/remote/<int:channel_id>/conversations/<int:pk>/",
        views.RemoteConversationDetailView.as_view(),
        name="remote-conversation",
    ),
    path(
        "api/v1/remote/<int:channel_id>/notification-settings/",
        views.RemoteNotificationSettingsView.as_view(),
        name="remote-notification-settings",
    ),
    path("api/v1/remote/<int:channel_id>/messages/", views.RemoteMessageListView.as_view(), name="remote-messages"),
    path("public-questions/", views.PublicQuestionListView.as_view(), name="public-questions"),
    path("public-reviews/", views.PublicReviewListView.as_view(), name="public-reviews"),
]
