"""Apply a staff export: logins (accounts.User) and Staff with roles and the groups they teach.

- A new staff member gets a User with the e-mail address (lowercased) and an unusable
  password: they set one through the password reset.
- An e-mail address of a login that is staff at another school of the same board gets a
  membership of this school (one account, a membership per school with its own roles; see
  accounts/acting.py). Any other login that is not staff of this school (staff of another
  board's school, a board admin, any other account) is rejected: an import never takes over
  an account or widens it beyond its board (the database refuses that too).
- `groepen` sets the groups of the running school year a staff member teaches (groups are
  created by name when needed); groups of other years are left alone. Without a `groepen`
  column, teaching assignments are not touched.
- Staff of the school who are no longer in the file are reported ("niet meer in het
  bestand") and changed in no way: not deleted, not deactivated, their groups kept. The
  person running the import may not be in the export, accounts may have been made by
  hand, and a wrong or partial export must not lock a school out. Leadership deactivates
  a leaver's account by hand.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import Group, Staff

from .changes import apply, describe, diff
from .report import STAFF, Entry, Rejection
from .staff_rows import FILE, ROLES

Teaching = Group.teachers.through


class StaffImport:
    def __init__(self, ctx, staff_file):
        self.ctx, self.file = ctx, staff_file
        self.staff = {s.user.email: s for s in Staff.objects.filter(school=ctx.school).select_related("user")}
        self.taken, self.other_board, self.elsewhere = _other_logins(ctx.school, staff_file)
        self.teaching = {}
        for staff_id, group_id in Teaching.objects.filter(group__school_year=ctx.year).values_list(
            "staff_id", "group_id"
        ):
            self.teaching.setdefault(staff_id, set()).add(group_id)
        self.new, self.changed, self.changed_fields = [], [], set()
        self.add_teaching, self.remove_teaching = [], []

    def add(self, record):
        if record.email in self.taken or record.email in self.other_board:
            self.ctx.report.rejected.append(Rejection(record.line, "email", self._refusal(record.email), FILE))
            return
        staff = self.staff.get(record.email)
        is_new = staff is None
        details = [_describe_roles(record.values)] if is_new else self._update(staff, record.values)
        if record.email in self.elsewhere:
            schools = self.elsewhere[record.email][1]
            details.append(_("bestaand account, ook medewerker van %(schools)s") % {"schools": ", ".join(schools)})
        if is_new:
            staff = self._create(record)
        details += self._teach(staff, record.groups)
        if is_new or details:
            target = self.ctx.report.new if is_new else self.ctx.report.changed
            target.append(Entry(STAFF, f"{staff.full_name} ({record.email})", tuple(details)))

    def _refusal(self, email):
        if email in self.other_board:
            return _(
                "dit e-mailadres hoort bij een medewerker van een school van een ander bestuur; één account "
                "werkt alleen voor scholen van één bestuur"
            )
        return _("dit e-mailadres hoort bij een account dat geen medewerker van deze school is")

    def _create(self, record):
        if record.email in self.elsewhere:  # a membership of this school for the existing login
            staff = Staff(school=self.ctx.school, user=self.elsewhere[record.email][0], **record.values)
            self.new.append(staff)
            return staff
        user = get_user_model()(email=record.email)
        user.set_unusable_password()
        staff = Staff(school=self.ctx.school, user=user, **record.values)
        self.new.append(staff)
        return staff

    def _update(self, staff, values):
        changes = diff(staff, values)
        if changes:
            apply(staff, changes)
            self.changed.append(staff)
            self.changed_fields |= set(changes)
        return describe(Staff, changes)

    def _teach(self, staff, names):
        if names is None:
            return []
        wanted = {self.ctx.groups.get(name) for name in names}
        current = self.teaching.get(staff.pk, set())
        added = sorted(g.name for g in wanted if g.pk not in current)
        removed = [g for g in self.ctx.groups.by_name.values() if g.pk in current and g not in wanted]
        self.add_teaching += [(staff, g) for g in wanted if g.pk not in current]
        self.remove_teaching += [(staff, g) for g in removed]
        details = [_("geeft les aan groep %(name)s") % {"name": name} for name in added]
        return details + [_("geeft geen les meer aan groep %(name)s") % {"name": g.name} for g in removed]

    def report_missing(self):
        for email, staff in sorted(self.staff.items()):
            if email not in self.file.records:
                self.ctx.report.not_in_file.append(Entry(STAFF, f"{staff.full_name} ({email})"))

    def save(self):
        get_user_model().objects.bulk_create([staff.user for staff in self.new if staff.user.pk is None])
        Staff.objects.bulk_create(self.new)
        if self.changed:
            Staff.objects.bulk_update(self.changed, sorted(self.changed_fields))
        for staff, group in self.remove_teaching:
            Teaching.objects.filter(staff_id=staff.pk, group_id=group.pk).delete()
        Teaching.objects.bulk_create(
            [Teaching(staff_id=staff.pk, group_id=group.pk) for staff, group in self.add_teaching]
        )


def _other_logins(school, staff_file):
    """The file's e-mail addresses of logins that are not staff of `school`, in three kinds:
    (no staff membership at all, staff of another board's school, {email: (user, school names)}
    for staff of other schools of this board, who get a membership here)."""
    users = get_user_model().objects.filter(email__in=list(staff_file.records)).exclude(staff__school=school)
    elsewhere = {}
    for user in users.prefetch_related("staff_memberships__school"):
        elsewhere[user.email] = (user, [m.school for m in user.staff_memberships.all()])
    none = {email for email, (_user, schools) in elsewhere.items() if not schools}
    other_board = {e for e, (_u, schools) in elsewhere.items() if any(s.board_id != school.board_id for s in schools)}
    same_board = {
        email: (user, sorted(s.name for s in schools))
        for email, (user, schools) in elsewhere.items()
        if email not in none and email not in other_board
    }
    return none, other_board, same_board


def _describe_roles(values):
    names = [name for name, flag in ROLES.items() if values[flag]]
    return _("rollen: %(roles)s") % {"roles": ", ".join(names)}


def import_staff(ctx, staff_file):
    ctx.report.rejected += staff_file.rejections
    run = StaffImport(ctx, staff_file)
    for record in staff_file.records.values():
        run.add(record)
    run.report_missing()
    run.save()
