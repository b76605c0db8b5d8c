"""Bulk approval of a language's translations (issue 13, point 17): the waiting translations beside
the Dutch text, a checkbox per text, and one button that approves what was ticked (and only that)."""

from django.urls import reverse

from messaging.models import Kind, LibraryEntry, LibraryText


def entry_with(school, n, *, approved=False, language="ar"):
    entry = LibraryEntry.objects.create(school=school, kind=Kind.TIP, year_level=3, key=f"bulk-{school.pk}-{n}")
    LibraryText.objects.create(entry=entry, language="nl", text=f"Lees samen met {{child}}, tip {n}.")
    return LibraryText.objects.create(entry=entry, language=language, text=f"اقرأ مع {{child}} {n}")


def review_url(language="ar"):
    return reverse("messaging:library_review", args=[language])


def test_ticked_translations_are_approved_at_once_and_the_rest_waits(world, login_as, django_assert_max_num_queries):
    texts = [entry_with(world.school_a, n) for n in range(5)]
    client = login_as(world.tess)
    with django_assert_max_num_queries(10):
        page = client.get(review_url())
    body = page.content.decode()
    assert "5 vertalingen wachten op goedkeuring." in body
    assert "Lees samen met {child}, tip 0." in body and "اقرأ مع {child} 0" in body
    response = client.post(review_url(), {"text": [t.pk for t in texts[:3]]})
    assert response.status_code == 302
    approved = LibraryText.objects.filter(language="ar", approved_at__isnull=False)
    assert set(approved.values_list("pk", flat=True)) == {t.pk for t in texts[:3]}
    assert {t.approved_by for t in approved} == {world.tess}
    assert "2 vertalingen wachten op goedkeuring." in client.get(review_url()).content.decode()


def test_another_schools_text_in_the_batch_approves_nothing(world, login_as):
    mine = entry_with(world.school_a, 1)
    theirs = entry_with(world.school_b, 2)
    client = login_as(world.tess)
    response = client.post(review_url(), {"text": [mine.pk, theirs.pk]}, follow=True)
    assert "Er is niets goedgekeurd." in response.content.decode()
    assert not LibraryText.objects.filter(approved_at__isnull=False).exists()
    assert "اقرأ مع {child} 2" not in client.get(review_url()).content.decode()  # not shown either


def test_nothing_ticked_or_a_wrong_language_is_refused_in_dutch(world, login_as):
    entry_with(world.school_a, 1)
    client = login_as(world.tess)
    response = client.post(review_url(), {}, follow=True)
    assert "Vink eerst de vertalingen aan die u hebt gelezen." in response.content.decode()
    assert client.get(review_url("nl")).status_code == 404
    assert client.get(review_url("xx")).status_code == 404
    assert not LibraryText.objects.filter(approved_at__isnull=False).exists()


def test_parents_may_not_review(world, login_as):
    assert login_as(world.anna).get(review_url()).status_code == 403
