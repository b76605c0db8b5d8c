"""The demo school board: realistic, deterministic data to try the app with.

"Stichting Demo" runs "Basisschool De Regenboog" (about 200 pupils in groups 1/2a … 8, a
combination group 5/6, siblings, separated parents, six languages) and the small
"Basisschool De Zonnewijzer". Pupils, guardians and staff are written as the school's
administration export (IMPORT.md) and loaded through the real import, so running the
demo twice changes nothing. Randomness is seeded: the same day gives the same data.
"""

import csv
import datetime
import io
import random
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from . import demo_calendar as cal
from . import holidays as official
from .calendar import monday_on_or_after
from .models import BoardAdmin, Enrollment, Guardian, PeriodKind, School, SchoolBoard, SchoolYear, Staff
from .services import PeriodSpec, school_year_create

DEMO_PASSWORD = "demo-wachtwoord-2026"
BOARD_NAME = "Stichting Demo"
BOARD_ADMIN_EMAIL = "bestuur@stichtingdemo.example.nl"
SUPERUSER_EMAIL = "beheer@demo.example.nl"
SEED = 42


@dataclass(frozen=True)
class SchoolSpec:
    brin: str
    name: str
    domain: str
    first_pupil_number: int
    first_guardian_number: int
    groups: tuple  # (name, {year_level: seats})
    staff: tuple  # (first, infix, last, roles, groups)


MAIN = SchoolSpec(
    brin="99ZZ00",
    name="Basisschool De Regenboog",
    domain="regenboog.demo.example.nl",
    first_pupil_number=20001,
    first_guardian_number=70001,
    groups=(
        ("1/2a", {1: 12, 2: 12}),
        ("1/2b", {1: 12, 2: 12}),
        ("3", {3: 26}),
        ("4", {4: 25}),
        ("5/6", {5: 13, 6: 12}),
        ("6", {6: 22}),
        ("7", {7: 27}),
        ("8", {8: 27}),
    ),
    staff=(
        ("Marieke", "van", "Dijk", "directie", ""),
        ("Yusuf", "", "Demir", "ib", ""),
        ("Petra", "", "Smit", "beheer", ""),
        ("Sanne", "", "Jansen", "leerkracht", "1/2a"),
        ("Ilse", "de", "Boer", "leerkracht", "1/2a"),
        ("Lotte", "", "Vermeulen", "leerkracht", "1/2b"),
        ("Karim", "", "Benali", "leerkracht", "3"),
        ("Esther", "", "Kramer", "leerkracht", "4"),
        ("Joost", "van der", "Linden", "leerkracht", "5/6"),
        ("Anouk", "", "Hendriks", "leerkracht", "5/6"),
        ("Ruben", "", "Mulder", "leerkracht", "6"),
        ("Fenna", "", "Bos", "leerkracht,ib", "7"),
        ("Thomas", "", "Visser", "leerkracht", "8"),
    ),
)

SMALL = SchoolSpec(
    brin="99ZZ01",
    name="Basisschool De Zonnewijzer",
    domain="zonnewijzer.demo.example.nl",
    first_pupil_number=40001,
    first_guardian_number=90001,
    groups=(
        ("1/2", {1: 4, 2: 4}),
        ("3/4", {3: 4, 4: 4}),
        ("5/6", {5: 3, 6: 4}),
        ("7/8", {7: 4, 8: 3}),
    ),
    staff=(
        ("Wim", "", "Koster", "leerkracht,directie", "7/8"),
        ("Naima", "", "Amrani", "leerkracht", "1/2;3/4"),
        ("Bram", "", "Peters", "leerkracht", "5/6"),
    ),
)

TEACHER_GROUP = "3"  # the teacher printed as the demo login

# Per language: weight, first names, last names (with infix), interpreter/simple-Dutch chance.
LANGUAGES = {
    "nl": (64, ["Emma", "Daan", "Julia", "Sem", "Tess", "Lucas", "Mila", "Finn", "Saar", "Noah", "Lieke", "Jesse",
                "Anna", "Bram", "Fleur", "Luuk", "Noor", "Thijs", "Roos", "Milan", "Evi", "Ties", "Jasmijn", "Koen"],
           [("", "de Vries"), ("", "Jansen"), ("", "Bakker"), ("van", "Dam"), ("", "Visser"), ("", "Smit"),
            ("", "Meijer"), ("de", "Jong"), ("", "Mulder"), ("van den", "Berg"), ("", "Dekker"), ("", "Brouwer"),
            ("van", "Leeuwen"), ("", "Willems"), ("", "Kok"), ("", "Prins")], 0.0, 0.06),
    "ar": (10, ["Fatima", "Mohamed", "Yasmina", "Adam", "Amira", "Ilias", "Salma", "Ayoub", "Nour", "Rayan"],
           [("", "El Idrissi"), ("", "Amrani"), ("", "Bouzid"), ("", "Haddad"), ("", "Chaouch"), ("", "Said")],
           0.4, 0.35),
    "tr": (9, ["Elif", "Emir", "Zeynep", "Yusuf", "Ecrin", "Mert", "Defne", "Kerem", "Azra", "Arda"],
           [("", "Yilmaz"), ("", "Kaya"), ("", "Demir"), ("", "Öztürk"), ("", "Arslan"), ("", "Çelik")], 0.3, 0.3),
    "pl": (6, ["Zuzanna", "Jakub", "Julia", "Antoni", "Hanna", "Szymon", "Maja", "Filip"],
           [("", "Nowak"), ("", "Kowalski"), ("", "Wiśniewski"), ("", "Wójcik"), ("", "Lewandowski")], 0.3, 0.3),
    "uk": (6, ["Sofiia", "Maksym", "Anna", "Artem", "Zlata", "Bohdan", "Viktoriia", "Denys"],
           [("", "Shevchenko"), ("", "Kovalenko"), ("", "Bondarenko"), ("", "Tkachenko"), ("", "Melnyk")],
           0.6, 0.3),
    "en": (5, ["Olivia", "James", "Amelia", "Jack", "Isla", "Oscar", "Grace", "Leo"],
           [("", "Smith"), ("", "Brown"), ("", "Taylor"), ("", "Wilson"), ("", "Evans")], 0.0, 0.0),
}  # fmt: skip
ADULT_NAMES = {
    "nl": (["Anna", "Linda", "Sanne", "Marloes", "Ingrid", "Esther", "Femke", "Wendy", "Iris", "Kim"],
           ["Jan", "Mark", "Peter", "Jeroen", "Rick", "Bas", "Sander", "Wouter", "Dennis", "Martijn", "Erik"]),
    "ar": (["Samira", "Khadija", "Naima", "Loubna", "Hanan"], ["Mohammed", "Abdel", "Hassan", "Karim", "Rachid"]),
    "tr": (["Ayşe", "Fatma", "Emine", "Hatice", "Derya"], ["Mehmet", "Ahmet", "Mustafa", "Hüseyin", "Murat"]),
    "pl": (["Katarzyna", "Agnieszka", "Magdalena", "Ewa"], ["Piotr", "Tomasz", "Krzysztof", "Paweł"]),
    "uk": (["Olena", "Oksana", "Iryna", "Nataliia"], ["Andrii", "Oleksandr", "Serhii", "Dmytro"]),
    "en": (["Sarah", "Emily", "Rachel", "Laura"], ["David", "Michael", "Richard", "Paul"]),
}  # fmt: skip

PUPIL_HEADER = [
    "leerlingnummer", "roepnaam", "tussenvoegsel", "achternaam", "geboortedatum", "groep", "leerjaar",
    "datum_inschrijving", "zij_instromer", "verzorgernummer", "verzorger_voornaam", "verzorger_tussenvoegsel",
    "verzorger_achternaam", "relatie", "gezag", "email", "mobiel", "taal", "tolk_nodig", "eenvoudig_nederlands",
    "apart_uitnodigen",
]  # fmt: skip
STAFF_HEADER = ["email", "voornaam", "tussenvoegsel", "achternaam", "rollen", "groepen"]


@dataclass
class GuardianRow:
    number: str
    first: str
    infix: str
    last: str
    relationship: str
    email: str
    mobile: str
    language: str
    interpreter: bool
    simple_dutch: bool
    separately: bool = False
    authority: bool = True


@dataclass
class PupilRow:
    number: str
    first: str
    infix: str
    last: str
    born: datetime.date
    group: str
    year_level: int
    enrolled_on: datetime.date
    lateral: bool
    guardians: list = field(default_factory=list)


def ascii_slug(text):
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


def yes(flag):
    return "ja" if flag else "nee"


def group_names(spec, scale):
    """Group names; a scaled (benchmark) school has `scale` parallel groups per name."""
    if scale == 1:
        return [(name, seats) for name, seats in spec.groups]
    return [(f"{name}-{i}", seats) for name, seats in spec.groups for i in range(1, scale + 1)]


class Generator:
    """Builds one school's families deterministically."""

    def __init__(self, spec, first_day, *, scale=1):
        self.spec = spec
        self.first_day = first_day
        self.scale = scale
        self.rng = random.Random(f"{SEED}-{spec.brin}")
        self.pupil_no = spec.first_pupil_number
        self.guardian_no = spec.first_guardian_number

    def seats(self):
        seats = [(name, level) for name, levels in group_names(self.spec, self.scale) for level, n in levels.items()
                 for _ in range(n)]  # fmt: skip
        self.rng.shuffle(seats)
        return seats

    def pupils(self):
        seats, pupils = self.seats(), []
        while seats:
            size = self.rng.choices([1, 2, 3], weights=[55, 33, 12])[0]
            children = [seats.pop()]
            for seat in list(seats):
                if len(children) == size:
                    break
                if all(seat[1] != level for _, level in children):
                    seats.remove(seat)
                    children.append(seat)
            pupils += self.family(children)
        self.special_cases(pupils)
        return pupils

    def family(self, seats):
        lang = self.rng.choices(list(LANGUAGES), weights=[v[0] for v in LANGUAGES.values()])[0]
        _, firsts, lasts, interpreter_p, simple_p = LANGUAGES[lang]
        infix, last = self.rng.choice(lasts)
        guardians = [self.guardian(lang, "moeder", infix, last, interpreter_p, simple_p)]
        if self.rng.random() < 0.82:
            guardians.append(self.guardian(lang, "vader", infix, last, interpreter_p, simple_p))
            if self.rng.random() < 0.12:  # separated parents: each invited on their own
                for guardian in guardians:
                    guardian.separately = True
        return [self.pupil(firsts, infix, last, group, level, guardians) for group, level in seats]

    def guardian(self, lang, relationship, infix, last, interpreter_p, simple_p):
        mothers, fathers = ADULT_NAMES[lang]
        first = self.rng.choice(mothers if relationship == "moeder" else fathers)
        self.guardian_no += 1
        email = f"{ascii_slug(first)}.{ascii_slug(infix + last)}{self.guardian_no % 1000}@example.nl"
        mobile = f"06{self.rng.randrange(10_000_000, 99_999_999)}"
        if self.rng.random() < 0.06:
            email = ""  # reachable by mobile only
        return GuardianRow(
            number=str(self.guardian_no), first=first, infix=infix, last=last, relationship=relationship,
            email=email, mobile=mobile, language=lang, interpreter=self.rng.random() < interpreter_p,
            simple_dutch=self.rng.random() < simple_p,
        )  # fmt: skip

    def pupil(self, firsts, infix, last, group, level, guardians):
        year = self.first_day.year
        born = datetime.date(year - 4 - level, 10, 1) + datetime.timedelta(days=self.rng.randrange(365))
        self.pupil_no += 1
        return PupilRow(
            number=str(self.pupil_no), first=self.rng.choice(firsts), infix=infix, last=last, born=born,
            group=group, year_level=level, enrolled_on=min(born + datetime.timedelta(days=4 * 365 + 1), self.first_day),
            lateral=False, guardians=guardians,
        )  # fmt: skip

    def special_cases(self, pupils):
        """Lateral entrants (from abroad or another school) and one guardian without e-mail or mobile."""
        candidates = [p for p in pupils if p.year_level >= 3]
        for index, pupil in enumerate(candidates[5 :: max(1, len(candidates) // 7)]):
            pupil.lateral = True
            pupil.enrolled_on = self.first_day - datetime.timedelta(days=180 * (index % 2))
        unreachable = next(p for p in pupils if len(p.guardians) == 2 and not p.guardians[0].separately)
        unreachable.guardians[1].email = unreachable.guardians[1].mobile = ""


def pupils_csv(pupils):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(PUPIL_HEADER)
    for p in pupils:
        for g in p.guardians:
            writer.writerow([
                p.number, p.first, p.infix, p.last, f"{p.born:%d-%m-%Y}", p.group, p.year_level,
                f"{p.enrolled_on:%d-%m-%Y}", yes(p.lateral), g.number, g.first, g.infix, g.last, g.relationship,
                yes(g.authority), g.email, g.mobile, g.language, yes(g.interpreter), yes(g.simple_dutch),
                yes(g.separately),
            ])  # fmt: skip
    return out.getvalue().encode()


def staff_email(spec, first, infix, last):
    return f"{ascii_slug(first)}.{ascii_slug(infix + last)}@{spec.domain}"


def staff_csv(spec, scale=1):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(STAFF_HEADER)
    for first, infix, last, roles, groups in spec.staff:
        if scale > 1 and groups:
            groups = ";".join(f"{g}-{i}" for g in groups.split(";") for i in range(1, scale + 1))
        writer.writerow([staff_email(spec, first, infix, last), first, infix, last, roles, groups])
    return out.getvalue().encode()


def demo_exports(spec=MAIN, *, first_day, scale=1):
    """The school's administration export: (pupils_csv, staff_csv) as bytes, `;`-separated UTF-8."""
    return pupils_csv(Generator(spec, first_day, scale=scale).pupils()), staff_csv(spec, scale)


# --- loading -----------------------------------------------------------------------------------


def one_day(kind, name, day):
    return PeriodSpec(kind, name, day, day)


def demo_year_periods(start_year):
    """(first_day, last_day, periods) of the school year starting in late August of `start_year`."""
    first_day, last_day, holidays = cal.school_year(start_year)
    periods = [PeriodSpec(PeriodKind.HOLIDAY, name, start, end) for name, start, end in holidays]
    periods += [  # also inside a holiday: they stay days off whatever happens to it
        one_day(PeriodKind.PUBLIC_HOLIDAY, name, day)
        for name, day in cal.public_holidays(start_year + 1)
        if first_day <= day <= last_day
    ]
    days, day, week = cal.SchoolDays(periods), datetime.timedelta(days=1), datetime.timedelta(weeks=1)
    periods += [
        one_day(PeriodKind.STUDY_DAY, "Studiedag", days.next(first_day + 5 * week)),
        one_day(PeriodKind.STUDY_DAY, "Studiedag", days.next(first_day + 29 * week + 2 * day)),
    ]
    middle = days.next(monday_on_or_after(datetime.date(start_year + 1, 1, 15)))
    end = days.next(monday_on_or_after(datetime.date(start_year + 1, 6, 7)))
    periods += [
        PeriodSpec(PeriodKind.TEST_PERIOD, "Toetsen midden schooljaar", middle, middle + 2 * week + 4 * day),
        PeriodSpec(PeriodKind.TEST_PERIOD, "Toetsen eind schooljaar", end, end + week + 4 * day),
        one_day(PeriodKind.REPORT_DATE, "Eerste rapport", days.previous(middle + 4 * week + 4 * day)),
        one_day(PeriodKind.REPORT_DATE, "Tweede rapport", days.previous(last_day - week)),
    ]
    return first_day, last_day, sorted(periods, key=lambda p: p.start_date)


def current_start_year(today):
    """The demo region's school year holding `today`; in the summer holiday, the one about to start."""
    return official.running_or_next_start_year(today, cal.DEMO_REGION, imported=False)


def ensure_school(board, spec, region="midden"):
    school = School.objects.filter(brin=spec.brin).first()
    if school is None:
        school = School.objects.create(board=board, brin=spec.brin, name=spec.name, region=region)
    return school


def ensure_year(school, start_year):
    first_day, last_day, periods = demo_year_periods(start_year)
    year = SchoolYear.objects.filter(school=school, first_day=first_day).first()
    return year or school_year_create(school=school, first_day=first_day, last_day=last_day, periods=periods)


def ensure_board():
    school = School.objects.filter(brin=MAIN.brin).select_related("board").first()
    return school.board if school else SchoolBoard.objects.create(name=BOARD_NAME)


def delete_demo():
    """Remove the demo board with everything in it, including the logins made for it."""
    schools = School.objects.filter(brin__in=[MAIN.brin, SMALL.brin])
    boards = SchoolBoard.objects.filter(schools__in=schools).distinct()
    User = get_user_model()
    users = (
        User.objects.filter(staff__school__in=schools)
        .values("pk")
        .union(
            User.objects.filter(guardian__school__in=schools).values("pk"),
            User.objects.filter(board_admin__board__in=boards).values("pk"),
        )
    )
    user_ids = [row["pk"] for row in users]
    Enrollment.objects.filter(pupil__school__in=schools).delete()  # enrollments protect their groups
    boards = list(boards)
    schools.delete()
    User.objects.filter(pk__in=user_ids).delete()
    SchoolBoard.objects.filter(pk__in=[b.pk for b in boards]).delete()


def ensure_logins(schools, board):
    """One known password for every demo staff member, the board admin and the superuser.

    The password is hashed once and shared: hashing is slow on purpose."""
    User = get_user_model()
    if not User.objects.filter(email=BOARD_ADMIN_EMAIL).exists():
        User.objects.create_user(BOARD_ADMIN_EMAIL)
    if not User.objects.filter(email=SUPERUSER_EMAIL).exists():
        User.objects.create_superuser(SUPERUSER_EMAIL, None)
    admin_user = User.objects.get(email=BOARD_ADMIN_EMAIL)
    BoardAdmin.objects.update_or_create(user=admin_user, defaults={"board": board})
    logins = User.objects.filter(Q(staff__school__in=schools) | Q(email__in=[BOARD_ADMIN_EMAIL, SUPERUSER_EMAIL]))
    User.objects.filter(pk__in=logins.values("pk")).update(password=make_password(DEMO_PASSWORD))


@dataclass
class DemoResult:
    schools: list
    reports: list
    logins: list  # (who, login)


def load_demo(*, reset=False, today=None, scale=1, specs=(MAIN, SMALL)):
    """Create or refresh the demo board. Idempotent: a second run changes nothing."""
    from .importing import import_export

    today = today or timezone.localdate()
    start_year = current_start_year(today)
    with transaction.atomic():
        if reset:
            delete_demo()
        board = ensure_board()
        schools, reports = [], []
        for spec in specs:
            school = ensure_school(board, spec)
            year = ensure_year(school, start_year)
            pupils, staff = demo_exports(spec, first_day=year.first_day, scale=scale)
            # In the summer holiday the export goes into the coming year, its pupils enrolled from today.
            reports.append(import_export(school=school, pupils=pupils, staff=staff, dry_run=False, today=today))
            schools.append(school)
        ensure_logins(schools, board)
    return DemoResult(schools=schools, reports=reports, logins=demo_logins(schools[0]))


def demo_logins(school):
    """Who to log in as, per role; the parent is one with two children at the school."""
    staff = Staff.objects.filter(school=school).select_related("user")
    leadership = staff.filter(is_leadership=True).first()
    ib = staff.filter(is_ib=True, is_teacher=False).first()
    teacher = staff.filter(is_teacher=True, groups__name=TEACHER_GROUP).first()
    parent = (
        Guardian.objects.filter(school=school)
        .exclude(email="")
        .annotate(children=Count("children_links"))
        .filter(children=2)
        .order_by("external_id")
        .first()
    )
    return [
        ("Directie", leadership.user.email if leadership else "–"),
        ("Intern begeleider", ib.user.email if ib else "–"),
        (f"Leerkracht groep {TEACHER_GROUP}", teacher.user.email if teacher else "–"),
        ("Bestuursbeheerder (beide scholen)", BOARD_ADMIN_EMAIL),
        ("Django-beheer (/admin/)", SUPERUSER_EMAIL),
        ("Ouder met twee kinderen (inloglink)", parent.email if parent else "–"),
    ]
