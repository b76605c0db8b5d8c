"""The authentication backend: Django's ModelBackend, reading a request's user in one query.

Every logged-in request asks, right after the user, whether they are a guardian and whether they
hold a staff membership (`access.Actor`, the language middleware). `get_user` reads the user with
the guardian and board-admin records (reverse one-to-ones, joined) and whether any staff
membership exists, so a parent's request reads the user once instead of three times. A member of
staff's memberships are still read when first asked for (`acting.memberships`)."""

from functools import cache

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef

PATH = "ouderbetrokkenheid.accounts.backends.AccountBackend"
LEGACY_PATH = "django.contrib.auth.backends.ModelBackend"


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        from django.contrib.auth import get_user_model
        from django.db import connection

        if connection.vendor != "postgresql":
            return self._get_user_orm(user_id)
        from ouderbetrokkenheid.school.models import BoardAdmin, Guardian, Staff

        user_model = get_user_model()
        try:
            user_id = user_model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        sql, row = _user_sql(user_model, Guardian, BoardAdmin, Staff)
        with connection.cursor() as cursor:
            cursor.execute(sql, [user_id])
            found = cursor.fetchone()
        if found is None:
            return None
        user, guardian, board_admin, has_staff = row(found)
        if not has_staff:
            user._staff_memberships = []  # what acting.memberships would read
        return user if self.user_can_authenticate(user) else None

    def _get_user_orm(self, user_id):
        from django.contrib.auth import get_user_model

        from ouderbetrokkenheid.school.models import Staff

        users = get_user_model()._default_manager.select_related("guardian", "board_admin")
        users = users.annotate(has_staff_membership=Exists(Staff.objects.filter(user_id=OuterRef("pk"))))
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        if not user.has_staff_membership:
            user._staff_memberships = []
        return user if self.user_can_authenticate(user) else None


@cache
def _user_sql(user_model, guardian_model, board_admin_model, staff_model):
    """The user with their guardian and board-admin rows (left joins) and whether a staff
    membership exists, in one statement; and the function that builds the instances from a row."""
    from django.db import connection

    from ouderbetrokkenheid.rows import attach, columns

    quote = connection.ops.quote_name
    user_cols, n_user, user_of = columns(user_model, "u")
    guardian_cols, n_guardian, guardian_of = columns(guardian_model, "g")
    admin_cols, n_admin, admin_of = columns(board_admin_model, "a")
    sql = (
        f"SELECT {user_cols}, {guardian_cols}, {admin_cols}, "
        f"EXISTS (SELECT 1 FROM {quote(staff_model._meta.db_table)} s WHERE s.{quote('user_id')} = u.{quote('id')}) "
        f"FROM {quote(user_model._meta.db_table)} u "
        f"LEFT JOIN {quote(guardian_model._meta.db_table)} g ON g.{quote('user_id')} = u.{quote('id')} "
        f"LEFT JOIN {quote(board_admin_model._meta.db_table)} a ON a.{quote('user_id')} = u.{quote('id')} "
        f"WHERE u.{quote('id')} = %s"
    )

    def row(values):
        user = user_of(values[:n_user])
        rest = values[n_user:]
        guardian = guardian_of(rest[:n_guardian]) if rest[0] is not None else None
        rest = rest[n_guardian:]
        admin = admin_of(rest[:n_admin]) if rest[0] is not None else None
        for name, related in (("guardian", guardian), ("board_admin", admin)):
            attach(user, name, related)
            if related is not None:
                attach(related, "user", user)
        return user, guardian, admin, rest[n_admin]

    return sql, row


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, keeping the sessions logged in through ModelBackend (before this backend) logged in:
    Django only trusts a session's backend if it is in AUTHENTICATION_BACKENDS."""

    def process_request(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(BACKEND_SESSION_KEY) == LEGACY_PATH:
            session[BACKEND_SESSION_KEY] = PATH
        super().process_request(request)
