"""Issue 14, point 13: the public PrO rule needs an achterstand AND an IQ between 55 and 80. The
app holds only the test results, so its pages state the achterstand criterion and say the IQ
criterion lies outside the app; they never call it a PrO indication."""

import pytest
from django.urls import reverse

from development import selectors
from development.views.view import pdf_html
from tests.development.conftest import give_results

pytestmark = pytest.mark.django_db

# Bo in groep 6 (DL 35 at M6): M3 in maths and below M3 in spelling, delay 0.86 in both.
FAR_BEHIND = [("maths", 6, "M", "M3"), ("spelling", 6, "M", "<M3"), ("reading_comprehension", 6, "M", "M6")]


def assert_states_only_what_the_data_shows(text):
    assert "PrO-indicatie" not in text
    assert "achterstandscriterium" in text
    assert "IQ tussen 55 en 80" in text and "buiten deze app" in text


def test_the_pupil_page_states_the_achterstand_criterion_and_that_iq_is_outside_the_app(world, login_as):
    give_results(world.bo, FAR_BEHIND)

    page = login_as(world.otto).get(reverse("development:view", args=[world.bo.pk])).content.decode()

    assert 'id="pro-delay-criterion"' in page
    assert_states_only_what_the_data_shows(" ".join(page.split()))


def test_the_conversation_pdf_says_the_same(world):
    give_results(world.bo, FAR_BEHIND)

    html = pdf_html(selectors.pupil_view(world.bo), None)

    assert_states_only_what_the_data_shows(" ".join(html.split()))


def test_the_group_table_names_the_column_for_what_it_is(world, login_as):
    give_results(world.bo, FAR_BEHIND)

    page = login_as(world.otto).get(reverse("development:view_group", args=[world.group_56.pk])).content.decode()

    assert "PrO-achterstand" in page
    assert_states_only_what_the_data_shows(" ".join(page.split()))


def test_no_pro_text_when_the_achterstand_criterion_is_not_met(world, bo_results, login_as):
    page = login_as(world.otto).get(reverse("development:view", args=[world.bo.pk])).content.decode()
    assert not selectors.pupil_view(world.bo).pro_delay_criterion
    assert 'id="pro-delay-criterion"' not in page and "achterstandscriterium" not in page
