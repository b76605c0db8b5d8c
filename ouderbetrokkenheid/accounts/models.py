from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .acting import acting_staff


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email=None, password=None, **extra):
        email = self.normalize_email(email).lower() if email else None
        user = self.model(email=email, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A login. Staff log in with e-mail and password; guardians' users have no e-mail
    and no usable password: they log in only through a magic link (see MagicLink)."""

    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(_("toegang tot beheer (admin)"), default=False)
    date_joined = models.DateTimeField(_("aangemaakt"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(condition=Q(email=models.functions.Lower("email")), name="user_email_lowercase"),
        ]

    def __str__(self):
        return self.email or f"gebruiker {self.pk}"

    @property
    def staff(self):
        """The staff membership this login acts for (see acting.py): the school chosen in the
        session, or the only one. Raises NoActingStaff (an ObjectDoesNotExist) when there is none."""
        return acting_staff(self)


class MagicLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Links that may still log someone in: unused, unexpired, not killed by wrong codes."""
        return self.filter(
            used_at__isnull=True,
            expires_at__gt=now or timezone.now(),
            failed_attempts__lt=MagicLink.MAX_FAILED_ATTEMPTS,
        )


class MagicLink(models.Model):
    """A single-use, expiring login for a guardian. Only hashes are stored."""

    MAX_FAILED_ATTEMPTS = 5  # wrong SMS codes; then the link is dead

    guardian = models.ForeignKey("school.Guardian", on_delete=models.CASCADE, related_name="magic_links")
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64, blank=True)
    sent_to = models.CharField(max_length=10)  # "email" or "sms"
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    objects = MagicLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("inloglink")
        verbose_name_plural = _("inloglinks")
        indexes = [models.Index(fields=["guardian", "expires_at"])]

    def __str__(self):
        return f"{self.guardian} ({self.created_at:%Y-%m-%d %H:%M})"

    def is_usable(self, now=None):
        return (
            self.used_at is None
            and (now or timezone.now()) < self.expires_at
            and self.failed_attempts < self.MAX_FAILED_ATTEMPTS
        )
