"""Root URL configuration: each domain's routes live in its own urls.py."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from pazar.core import views as core_views
from pazar.core.metrics import metrics_view

urlpatterns = [
    path("health/", core_views.health, name="health"),
    path("health/ready/", core_views.health_ready, name="health-ready"),
    path("metrics", metrics_view, name="metrics"),
    path("csrf_token/", core_views.csrf_token, name="csrf-token"),
    path("", include("pazar.accounts.urls")),
    path("", include("pazar.orders.urls")),
    path("", include("pazar.support.urls")),
    path("", include("pazar.conversations.urls")),
    path("", include("pazar.addresses.urls")),
    path("", include("pazar.loyalty.urls")),
    path("", include("pazar.offers.urls")),
    path("", include("pazar.preferences.urls")),
    path("", include("pazar.wishlists.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Last: any other path is a JSON 404, in DEBUG too (Django's debug page is HTML).
urlpatterns.append(re_path(r"^", core_views.not_found, name="not-found"))

# Error pages are JSON in the seeds' `{"detail": ...}` shape (the admin's 403 excepted, see the view).
handler400 = "pazar.core.views.bad_request"
handler403 = "pazar.core.views.permission_denied"
handler404 = "pazar.core.views.not_found"
handler500 = "pazar.core.views.server_error"
