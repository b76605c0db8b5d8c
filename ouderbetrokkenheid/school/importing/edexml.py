"""Read an EDEXML 2.x document (the Dutch exchange format of pupil administrations) into pupil rows.

The rows have the canonical columns of the CSV pupils file (one row per pupil × contact), so
everything after reading is the same pipeline:

    <leerling key="10234">                    leerlingnummer
      <roepnaam>, <voorvoegsel>, <achternaam>  roepnaam, tussenvoegsel, achternaam
      <geboortedatum>2018-07-03</…>            geboortedatum (jjjj-mm-dd)
      <jaargroep>5</jaargroep>                 leerjaar (else the <jaargroep> of its group)
      <groep key="G1"/>                        groep: the <naam> of <groepen>/<groep key="G1">
      <instroomdatum>                          datum_inschrijving, when present
      <contactpersonen>/<contactpersoon key=…> (EDEXML 2.1) or <verzorgers>/<verzorger key=…>:
        key → verzorgernummer; roepnaam (else voornamen), voorvoegsel, achternaam; relatie;
        gezag; emailadres (or email); mobiel (or mobielnummer, or a <telefoonnummer> whose
        type is mobiel). A contact with only a key refers to one listed under <EDEX> itself.

<leerkrachten> are not read: the staff file holds their roles and e-mail addresses.

A row's line number is the line in the XML document of its contact (or of the pupil when it
has none). The document is parsed with expat; a DOCTYPE or ENTITY declaration is refused, so
no entity is ever expanded or fetched (billion laughs, external entities).
"""

from xml.parsers import expat

from django.utils.translation import gettext as _

from .errors import ImportFailed
from .reading import Row, Table

PUPIL_ELEMENTS = (
    ("roepnaam", "roepnaam"),
    ("voorvoegsel", "tussenvoegsel"),
    ("achternaam", "achternaam"),
    ("geboortedatum", "geboortedatum"),
    ("jaargroep", "leerjaar"),
)
CONTACT_LISTS = {"contactpersonen": "contactpersoon", "verzorgers": "verzorger"}
CONTACT_COLUMNS = (
    "verzorgernummer",
    "verzorger_voornaam",
    "verzorger_tussenvoegsel",
    "verzorger_achternaam",
    "relatie",
    "gezag",
    "email",
    "mobiel",
)
TRUTH = {"true": "ja", "false": "nee", "j": "ja", "n": "nee"}


class Node:
    __slots__ = ("tag", "attrs", "line", "children", "parts")

    def __init__(self, tag, attrs, line):
        self.tag, self.attrs, self.line, self.children, self.parts = tag, attrs, line, [], []

    def find(self, tag):
        return next((child for child in self.children if child.tag == tag), None)

    def findall(self, tag):
        return [child for child in self.children if child.tag == tag]

    def text(self, *tags):
        """The stripped text of the first child with one of `tags`, or ''."""
        for tag in tags:
            child = self.find(tag)
            if child is not None:
                return "".join(child.parts).strip()
        return ""


class _Forbidden(Exception):
    pass


def parse(data: bytes, label: str) -> Node:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    stack, roots = [], []

    def start(name, attrs):
        node = Node(name.rpartition("}")[2].rpartition(":")[2], attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def forbid(*args):
        raise _Forbidden

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: stack.pop()
    parser.CharacterDataHandler = lambda text: stack[-1].parts.append(text) if stack else None
    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.ExternalEntityRefHandler = forbid
    try:
        parser.Parse(data, True)
    except _Forbidden:
        raise ImportFailed(
            _("Het %(label)s bevat een DOCTYPE- of ENTITY-declaratie; zo'n XML-bestand wordt niet ingelezen.")
            % {"label": label}
        ) from None
    except expat.ExpatError as error:
        raise ImportFailed(
            _(
                "Het %(label)s is geen geldig XML-bestand (fout op regel %(line)d, kolom %(column)d). "
                "Maak de EDEXML-export opnieuw."
            )
            % {"label": label, "line": error.lineno, "column": error.offset + 1}
        ) from None
    return roots[0]


def read_pupils(data: bytes, label: str) -> Table:
    root = parse(data, label)
    if root.tag != "EDEX":
        raise ImportFailed(
            _("Het %(label)s is een XML-bestand, maar geen EDEXML: het begint met <%(tag)s> in plaats van <EDEX>.")
            % {"label": label, "tag": root.tag}
        )
    pupils_node = root.find("leerlingen")
    if pupils_node is None:
        raise ImportFailed(_("In het %(label)s (EDEXML) ontbreekt het onderdeel <leerlingen>.") % {"label": label})
    pupils = pupils_node.findall("leerling")
    if not pupils:
        raise ImportFailed(
            _(
                "Het %(label)s (EDEXML) bevat geen leerlingen. Er is niets veranderd: een leeg bestand schrijft "
                "nooit leerlingen uit. Maak de export opnieuw."
            )
            % {"label": label}
        )
    groups = {group.attrs.get("key"): group for group in _children(root, "groepen", "groep")}
    contacts = {contact.attrs.get("key"): contact for contact in _all_contacts(root)}
    rows = [row for pupil in pupils for row in _rows(pupil, groups, contacts)]
    return Table(columns=frozenset(_columns(pupils, contacts)), rows=rows)


def _children(node, list_tag, item_tag):
    parent = node.find(list_tag)
    return parent.findall(item_tag) if parent is not None else []


def _all_contacts(node):
    return [contact for list_tag, item_tag in CONTACT_LISTS.items() for contact in _children(node, list_tag, item_tag)]


def _columns(pupils, contacts):
    columns = ["leerlingnummer", "groep", *(column for _tag, column in PUPIL_ELEMENTS)]
    if any(pupil.find("instroomdatum") is not None for pupil in pupils):
        columns.append("datum_inschrijving")
    if contacts or any(_all_contacts(pupil) for pupil in pupils):
        columns += CONTACT_COLUMNS
    return columns


def _rows(pupil, groups, contacts):
    cells = {column: pupil.text(tag) for tag, column in PUPIL_ELEMENTS}
    cells["leerlingnummer"] = pupil.attrs.get("key", "").strip()
    reference = pupil.find("groep")
    group = groups.get(reference.attrs.get("key")) if reference is not None else None
    cells["groep"] = group.text("naam") if group is not None else ""
    cells["leerjaar"] = cells["leerjaar"] or (group.text("jaargroep") if group is not None else "")
    if pupil.find("instroomdatum") is not None:
        cells["datum_inschrijving"] = pupil.text("instroomdatum")
    own = [_resolve(contact, contacts) for contact in _all_contacts(pupil)]
    if not own:
        return [Row(pupil.line, cells)]
    return [Row(contact.line, cells | _contact_cells(contact)) for contact in own]


def _resolve(contact, contacts):
    """A contact given by key only is the one with that key listed under <EDEX>."""
    if contact.children or contact.attrs.get("key") not in contacts:
        return contact
    return contacts[contact.attrs["key"]]


def _contact_cells(contact):
    authority = contact.text("gezag", "ouderlijk_gezag")
    return {
        "verzorgernummer": contact.attrs.get("key", "").strip(),
        "verzorger_voornaam": contact.text("roepnaam", "voornamen"),
        "verzorger_tussenvoegsel": contact.text("voorvoegsel"),
        "verzorger_achternaam": contact.text("achternaam"),
        "relatie": contact.text("relatie"),
        "gezag": TRUTH.get(authority.lower(), authority),
        "email": contact.text("emailadres", "email"),
        "mobiel": contact.text("mobiel", "mobielnummer") or _mobile_number(contact),
    }


def _mobile_number(contact):
    for number in _children(contact, "telefoonnummers", "telefoonnummer") + contact.findall("telefoonnummer"):
        kind = (number.attrs.get("type", "") or number.text("type")).lower()
        if kind.startswith("mobiel"):
            return number.text("nummer") or "".join(number.parts).strip()
    return ""
