"""Log in by email, whatever its case."""

from django.contrib.auth.backends import ModelBackend

from pazar.accounts.models import User


class EmailBackend(ModelBackend):
    """Authenticate with the email (passed as `username` by Django's forms) and a password."""

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        email = email or username
        if not email or password is None:
            return None
        user = User.objects.filter(email__iexact=email.strip()).order_by("pk").first()
        if user is None:
            # Spend the same time as a real check so timing does not reveal which emails exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
