"""A school's first step: board, school, its school year from the region's holidays and the first
leadership account, which gets an e-mail to choose a password (`manage.py school_create`)."""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school import holidays
from ouderbetrokkenheid.school.models import Region, School, SchoolBoard, SchoolYear, Staff
from ouderbetrokkenheid.school.services import school_year_create_from_region

BRIN = re.compile(r"^\d{2}[A-Z]{2}(\d{2})?$")  # 4 characters, or 6 with the branch (vestiging)


@dataclass
class SchoolCreated:
    school: School
    year: SchoolYear
    leadership: Staff


def _check(*, board_name, brin, name, region, email, first_name, last_name) -> dict:
    errors = {}
    if not board_name:
        errors["board"] = _("Vul de naam van het schoolbestuur in.")
    if not BRIN.match(brin):
        errors["brin"] = _(
            "Het BRIN-nummer %(brin)s klopt niet: twee cijfers en twee letters, bijvoorbeeld 12AB of 12AB00."
        ) % {"brin": brin or "(leeg)"}
    elif School.objects.filter(brin=brin).exists():
        errors["brin"] = _("Er is al een school met BRIN-nummer %(brin)s.") % {"brin": brin}
    if not name:
        errors["name"] = _("Vul de naam van de school in.")
    if region not in Region.values:
        errors["region"] = _("Kies de vakantieregio: noord, midden of zuid.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Het e-mailadres %(email)s klopt niet.") % {"email": email or "(leeg)"}
    else:
        if get_user_model().objects.filter(email__iexact=email).exists():
            errors["email"] = _("Het e-mailadres %(email)s heeft al een account.") % {"email": email}
    if not (first_name and last_name):
        errors["leadership"] = _("Vul de voornaam en achternaam van de directeur in.")
    return errors


@transaction.atomic
def school_create(
    *, board_name: str, brin: str, name: str, region: str, email: str, first_name: str, last_name: str,
    infix: str = "", start_year: int | None = None, today: datetime.date,
) -> SchoolCreated:  # fmt: skip
    """Create the school (and its board when there is none of that name), its school year from the
    region's official holidays and a leadership account without a password; after the commit the
    director gets an e-mail with a link to choose one. Raises ValidationError (Dutch) and writes
    nothing when anything is wrong."""
    board_name, name, infix = board_name.strip(), name.strip(), infix.strip()
    brin, region, email = brin.strip().upper(), region.strip().lower(), email.strip().lower()
    first_name, last_name = first_name.strip(), last_name.strip()
    errors = _check(board_name=board_name, brin=brin, name=name, region=region, email=email,
                    first_name=first_name, last_name=last_name)  # fmt: skip
    if errors:
        raise ValidationError(errors)
    board = SchoolBoard.objects.filter(name=board_name).order_by("pk").first()
    board = board or SchoolBoard.objects.create(name=board_name)
    school = School.objects.create(board=board, brin=brin, name=name, region=region)
    year = school_year_create_from_region(
        school=school, start_year=start_year or holidays.running_or_next_start_year(today, region)
    )
    user = get_user_model().objects.create_user(email)  # no usable password until they choose one
    leadership = Staff.objects.create(user=user, school=school, first_name=first_name, infix=infix,
                                      last_name=last_name, is_leadership=True)  # fmt: skip
    transaction.on_commit(lambda: welcome_email_send(staff=leadership))
    return SchoolCreated(school=school, year=year, leadership=leadership)


def welcome_email_send(*, staff):
    """The e-mail with the link to choose a password (Django's password-reset token)."""
    user = staff.user
    link = settings.SITE_URL + reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"staff": staff, "school": staff.school, "link": link, "site": settings.SITE_URL}
    subject = " ".join(render_to_string("accounts/staff_email/welcome_subject.txt", context).split())
    send_mail(subject, render_to_string("accounts/staff_email/welcome_body.txt", context), None, [user.email])
