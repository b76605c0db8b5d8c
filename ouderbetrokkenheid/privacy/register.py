"""The register of processing activities (AVG art. 30) for the school's data protection officer.

The purposes, data subjects, recipients and security measures are written here; the categories of
data and the retention periods come from the registry of personal data (school/datakinds.py), so a
kind an app registers shows up in the register by itself (under "Overig" when its app has no
activity below)."""

from dataclasses import dataclass

from django.conf import settings

from ouderbetrokkenheid.school.datakinds import kinds

SUBJECTS = {"guardian": "ouders/verzorgers", "pupil": "leerlingen", "staff": "medewerkers"}
STAFF = "medewerkers van de school (per rol: leerkracht van de groep, intern begeleider, directie)"
PARENTS = "de ouders van het kind zelf (in het ouderportaal)"
HOSTING = "de hostingpartij van de school (verwerker: server en database)"


@dataclass(frozen=True)
class Activity:
    name: str
    purpose: str
    basis: str
    apps: tuple  # key prefixes of the data kinds
    recipients: tuple


def providers():
    """The outside services that receive parents' contact details and messages, as configured."""
    names = []
    email = "Mailgun (e-mail, EU)" if settings.EMAIL_BACKEND.startswith("anymail.backends.mailgun") else "SMTP-server"
    names.append(f"{email} (verwerker: e-mail aan ouders)")
    sms = settings.MESSAGING_SMS_PROVIDER.rsplit(".", 1)[-1].removesuffix("Provider")
    outside_eu = " — buiten de EU (VS): leg de doorgiftegrondslag vast" if sms == "Twilio" else ""
    names.append(f"{sms} (verwerker: SMS en WhatsApp aan ouders{outside_eu})")
    return tuple(names)


def activities():
    messages = providers()
    return [
        Activity("Leerling- en ouderadministratie", "Weten welke leerlingen in welke groep zitten en wie hun "
                 "ouders zijn, om ouders te informeren en uit te nodigen.",
                 "wettelijke plicht en publieke taak (Wet op het primair onderwijs)", ("school.",),
                 (STAFF, HOSTING)),
        Activity("Inloggen van ouders", "Ouders veilig laten inloggen zonder wachtwoord.",
                 "publieke taak", ("accounts.", "yearplan."), (HOSTING, *messages)),
        Activity("Informatiebijeenkomsten", "Ouders uitnodigen voor de drie bijeenkomsten, antwoorden, "
                 "opvang, tolk en aanwezigheid bijhouden.", "publieke taak", ("meetings.",),
                 (STAFF, "tolken die de school inschakelt", HOSTING, *messages)),
        Activity("Gesprekscyclus", "Gesprekken met ouders plannen en vastleggen wat is afgesproken.",
                 "publieke taak", ("conversations.",), (STAFF, PARENTS, "tolken die de school inschakelt", HOSTING,
                                                        *messages)),
        Activity("Berichten aan ouders", "Ouders elke week kort vertellen hoe het gaat en wat ze thuis kunnen doen.",
                 "publieke taak; ouders kunnen zich afmelden", ("messaging.",), (STAFF, HOSTING, *messages)),
        Activity("Ontwikkeling van leerlingen", "Toetsresultaten, ontwikkelingsperspectief en schooladvies "
                 "volgen en met ouders delen.", "wettelijke plicht (WPO: leerlingvolgsysteem, OPP, schooladvies)",
                 ("development.",), (STAFF, PARENTS, HOSTING)),
        Activity("Bereik van ouders", "Ouders die de school nog niet bereikte, alsnog bereiken (maatjes, tolken).",
                 "publieke taak; maatjes alleen met toestemming van beide ouders", ("reach.",), (STAFF, HOSTING)),
        Activity("AVG-verzoeken en bewaartermijnen", "Verzoeken van ouders afhandelen en bewaartermijnen uitvoeren.",
                 "wettelijke plicht (AVG)", ("privacy.",), (STAFF,)),
    ]  # fmt: skip


SECURITY = (
    "Alleen via HTTPS (HSTS); sessiecookies alleen over HTTPS en niet leesbaar voor scripts.",
    "Ouders loggen in met een eenmalige link of code die 15 minuten werkt; alleen een hash wordt bewaard.",
    "Inlogpogingen worden beperkt per adres en per IP-adres.",
    "Iedere pagina heeft een toegangsregel; medewerkers zien alleen hun groepen of hun school, ouders alleen "
    "hun eigen kinderen. Een geautomatiseerde test loopt elke pagina na als iedere rol.",
    "Wie ontwikkelingsgegevens van een leerling leest of wijzigt, wordt gelogd (inzage-log).",
    "Bewaartermijnen worden elke nacht uitgevoerd; de school ziet per nacht wat is verwijderd.",
    "Exports naar spreadsheets maken formules onschadelijk.",
    "Er worden geen gegevens buiten de EU opgeslagen door de app zelf; zie de verwerkers voor hun eigen afspraken.",
)


@dataclass(frozen=True)
class RegisterRow:
    activity: Activity
    kind: object

    @property
    def subjects(self):
        return SUBJECTS.get(self.kind.subject, self.kind.subject)


def register_rows():
    """(activity, kind) for every registered kind, in the order of the activities."""
    acts = activities()
    other = Activity("Overig", "Zie de beschrijving van de gegevens.", "publieke taak", (), (STAFF, HOSTING))
    rows = []
    for kind in kinds():
        activity = next((a for a in acts if kind.key.startswith(a.apps)), other)
        rows.append(RegisterRow(activity, kind))
    order = {a.name: i for i, a in enumerate([*acts, other])}
    return sorted(rows, key=lambda row: order[row.activity.name])


CSV_HEADER = ["Verwerking", "Doel", "Grondslag", "Betrokkenen", "Soort gegevens", "Categorie persoonsgegevens",
              "Ontvangers", "Bewaartermijn", "Waarom deze termijn", "Sleutel"]  # fmt: skip


def csv_rows():
    yield CSV_HEADER
    for row in register_rows():
        a, k = row.activity, row.kind
        yield [a.name, a.purpose, a.basis, row.subjects, str(k.label), str(k.category), "; ".join(a.recipients),
               str(k.period_text), str(k.reason), k.key]  # fmt: skip
    yield []
    yield ["Beveiligingsmaatregelen"]
    for measure in SECURITY:
        yield [measure]
