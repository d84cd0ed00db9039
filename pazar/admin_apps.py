"""django.contrib.admin with the project's own site (pazar/admin_site.py); imports no model."""

from django.contrib.admin.apps import AdminConfig


class PazarAdminConfig(AdminConfig):
    default_site = "pazar.admin_site.PazarAdminSite"
