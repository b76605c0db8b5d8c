"""Objects for the access walk (tests/test_access_walk.py): a frozen evaluation of school A and an
approved export request of it."""


def walk_evaluation(world):
    import datetime

    from django.utils import timezone

    from evaluation import services
    from evaluation.models import Design, Evaluation

    found = Evaluation.objects.filter(school=world.school_a, question="Walk?").first()
    if found is None:
        start = timezone.localdate() + datetime.timedelta(days=7)
        found = Evaluation.objects.create(
            school=world.school_a, intervention="weekly_messages", question="Walk?", outcome="bookings",
            design=Design.FAMILY, start=start, weeks_later=12, outcome_start=start,
            outcome_end=start + datetime.timedelta(weeks=8), min_effect="0.20",
        )  # fmt: skip
        found = services.freeze(found, by=world.lea.user, seed=1)
    return found


def walk_export(world):
    from evaluation import services

    evaluation = walk_evaluation(world)
    export = evaluation.export_requests.first() or services.request_export(
        evaluation, by_staff=world.lea, purpose="walk"
    )
    return services.approve_export(export, by_user=world.bea.user)
