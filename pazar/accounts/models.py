"""The user: a shopper, a seller account (linked to a datasource) or staff."""

import hashlib
import uuid

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    """Genders the storefront offers."""

    FEMALE = "female", _("female")
    MALE = "male", _("male")


class UserType(models.TextChoices):
    """Registered shoppers have passwords; guests only check out."""

    REGISTERED = "registered", _("registered")
    GUEST = "guest", _("guest")


def generate_username() -> str:
    """A unique username for users who never chose one."""
    return uuid.uuid4().hex[:30]


class UserManager(DjangoUserManager):
    """Creates users by email; the username is generated when not given."""

    def _create_user(self, username, email, password, **extra_fields):
        return super()._create_user(username or generate_username(), email, password, **extra_fields)

    def create_user(self, username=None, email=None, password=None, **extra_fields):
        return super().create_user(username or generate_username(), email, password, **extra_fields)

    def create_superuser(self, username=None, email=None, password=None, **extra_fields):
        return super().create_superuser(username or generate_username(), email, password, **extra_fields)


class User(AbstractUser):
    """A person or a seller account. Email is unique regardless of case."""

    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        default=generate_username,
        validators=[AbstractUser.username_validator],
    )
    email = models.EmailField(_("email address"), max_length=254)
    phone = models.CharField(_("phone"), max_length=32, null=True, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=8, choices=Gender.choices, null=True, blank=True)
    email_allowed = models.BooleanField(default=False)
    sms_allowed = models.BooleanField(default=False)
    call_allowed = models.BooleanField(default=False)
    avatar = models.ImageField(upload_to="avatars/", null=True, blank=True)
    language_code = models.CharField(max_length=10, default="en", blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    user_type = models.CharField(max_length=16, choices=UserType.choices, default=UserType.REGISTERED)
    # When the account last changed (seed 003's user object shows it); a login alone is no change.
    modified_date = models.DateTimeField(auto_now=True)
    datasource = models.ForeignKey(
        "catalog.DataSource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seller_users",
        help_text=_("Set for a seller account: it acts only as this datasource."),
    )

    # Registration email confirmation (REGISTRATION_EMAIL_VERIFICATION) and erasure (KVKK).
    email_verified_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    anonymized_at = models.DateTimeField(_("anonymized at"), null=True, blank=True, editable=False)

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]
        indexes = [models.Index(fields=["phone"])]

    def save(self, *args, **kwargs):
        # auto_now only applies to the fields being saved: a save of named fields stamps it too.
        update_fields = kwargs.get("update_fields")
        if update_fields and set(update_fields) - {"last_login"}:
            kwargs["update_fields"] = {*update_fields, "modified_date"}
        super().save(*args, **kwargs)

    @property
    def hashed_email(self) -> str:
        return hashlib.sha256((self.email or "").lower().encode()).hexdigest()

    @property
    def is_seller(self) -> bool:
        return self.datasource_id is not None

    def __str__(self):
        return self.email or self.username


class Segment(models.Model):
    """A group of users with its own price list; staff assign users to segments."""

    name = models.CharField(_("name"), max_length=128)
    priority = models.IntegerField(default=0, db_index=True)
    price_list = models.ForeignKey("catalog.PriceList", on_delete=models.SET_NULL, null=True, blank=True)
    is_active = models.BooleanField(default=True)
    users = models.ManyToManyField(User, related_name="segments", blank=True)

    class Meta:
        ordering = ["priority", "pk"]

    def __str__(self):
        return self.name


class VerificationPurpose(models.TextChoices):
    """What a one-time code confirms."""

    PROFILE = "profile", _("profile change")
    LOYALTY_PROFILE = "loyalty_profile", _("loyalty profile change")
    REGISTRATION = "registration", _("registration")


class VerificationCode(models.Model):
    """A one-time code sent by SMS to confirm a pending change; only its HMAC is stored.

    `subject` says whose change it is: `user:<id>` for a logged-in user, `email:<address>` for a
    registration. `payload` holds the guarded values the confirming request must repeat.
    """

    subject = models.CharField(max_length=300)
    purpose = models.CharField(max_length=32, choices=VerificationPurpose.choices)
    user = models.ForeignKey(User, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    phone = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    payload = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    notification_id = models.BigIntegerField(null=True, blank=True)
    client_ip = models.CharField(max_length=64, blank=True, default="")
    created_date = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["subject", "purpose", "-created_date"])]

    def __str__(self):
        return f"{self.purpose} code for {self.subject}"


class AccountLinkPurpose(models.TextChoices):
    """What a link sent by email does."""

    PASSWORD_RESET = "password_reset", _("password reset")
    EMAIL_CHANGE = "email_change", _("email change")
    EMAIL_CONFIRM = "email_confirm", _("registration email confirmation")


class AccountLink(models.Model):
    """A one-time link sent by email: who it is for, the address it names, and its outbox row.

    Only the SHA-256 of the link's token is stored. A password-reset token is Django's
    `default_token_generator` (it dies with a password change or a login by itself); the row is
    kept so that the link is masked in the outbox once used, and it is marked used once.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=32, choices=AccountLinkPurpose.choices)
    email = models.EmailField(max_length=254)
    token_hash = models.CharField(max_length=64, db_index=True)
    notification_id = models.BigIntegerField(null=True, blank=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_date = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "purpose", "-created_date"])]

    def __str__(self):
        return f"{self.purpose} link for {self.email}"


class DeferredPasswordReset(models.Model):
    """A reset request the broker could not take: the address as asked for, looked up later by the sweep.

    The request path only writes this row, the same for known and unknown addresses, so its time
    tells nothing; `password_reset_deferred_sweep` looks the address up and emails the link.
    """

    email = models.CharField(max_length=254)
    created_date = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"deferred password reset for {self.email}"
