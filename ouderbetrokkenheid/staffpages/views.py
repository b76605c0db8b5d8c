from django.shortcuts import render
from django.utils import timezone

from ouderbetrokkenheid.accounts.access import actor_for, roles_required, staff_required
from ouderbetrokkenheid.accounts.selectors import group_for, pupil_for

from . import selectors
from .getting_started import getting_started


@staff_required
def staff_home(request):
    """The "Mijn groepen" page: a teacher's groups and pupils; the school or board for those who oversee it."""
    actor = actor_for(request)
    day = timezone.localdate()
    context = {"today": day}
    if actor.staff and actor.staff.is_teacher:
        context["my_groups"] = selectors.teacher_groups(actor, day)
        context["my_pupils"] = selectors.teacher_pupils(actor, day)
    if actor.board_admin or actor.staff.sees_whole_school:
        context["schools"] = selectors.schools_with_groups(actor, day)
    return render(request, "staffpages/home.html", context)


@staff_required
def group_detail(request, group_id):
    group = group_for(actor_for(request), group_id)
    roster = selectors.group_roster(group, timezone.localdate())
    return render(request, "staffpages/group.html", {"group": group, "roster": roster})


@staff_required
def pupil_detail(request, pupil_id):
    pupil = selectors.load_pupil_page(pupil_for(actor_for(request), pupil_id))
    return render(request, "staffpages/pupil.html", {"pupil": pupil})


@roles_required("leadership", "admin")
def getting_started_page(request):
    """'Aan de slag': the school's first steps in order, each showing whether it is done."""
    school = actor_for(request).staff.school
    year, steps = getting_started(school)
    done = sum(step.done for step in steps)
    return render(request, "staffpages/getting_started.html", {"school": school, "year": year, "steps": steps,
                                                               "done": done})  # fmt: skip
