"""Permissions shared by the APIs."""

from rest_framework.permissions import BasePermission


class IsSellerOrStaff(BasePermission):
    """A seller account (a user linked to a datasource) or a back-office user."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (user.is_staff or user.datasource_id))
