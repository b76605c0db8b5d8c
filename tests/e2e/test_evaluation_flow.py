""" "Werkt het bij ons?" in a browser: leadership (Lea) sets up an evaluation (the power shown),
freezes the plan (the lottery drawn, the fingerprint shown), and after the outcome window reads the
result (words, the SVG chart, the fingerprint again) and opens the one-page PDF; no CSP violation on
the way (the autouse recorder). Screenshots: /tmp/shots/evaluation-*.png."""

import datetime
from pathlib import Path

from playwright.sync_api import expect

from evaluation.models import Evaluation
from tests.e2e import staff_login
from tests.e2e.axe import axe_violations, describe, serious
from tests.e2e.conftest import DESKTOP, _page
from tests.evaluation.conftest import seed_growth, study  # noqa: F401 (a fixture: 48 children in 8 groups)

SHOTS = Path("/tmp/shots")


def test_leadership_sets_up_freezes_and_reads_the_result(study, browser, live_server, url, clock):  # noqa: F811
    SHOTS.mkdir(exist_ok=True)
    context, page = _page(browser, **DESKTOP)
    try:
        staff_login.log_in_staff(page, url, study.world.lea)
        page.goto(url("evaluation:list"))
        page.get_by_role("link", name="Nieuw onderzoek").click()
        expect(page.locator("#power")).to_contain_text("Loting per groep")
        page.get_by_label("Aanpak", exact=True).select_option("weekly_messages")
        page.get_by_label("Onderzoeksvraag").fill("Groeien kinderen meer in rekenen met wekelijkse tips?")
        page.get_by_label("Uitkomst", exact=True).select_option("test_growth")
        page.get_by_label("Domein (bij toetsgroei)").select_option("maths")
        page.get_by_label("Loting per gezin (broers en zussen altijd samen)").check()
        page.get_by_label("Kleinste effect dat de moeite waard is (d)").fill("0.30")
        page.screenshot(path=str(SHOTS / "evaluation-setup.png"), full_page=True)
        page.get_by_role("button", name="Plan opslaan").click()

        expect(page.locator("h1")).to_contain_text("Groeien kinderen meer in rekenen")
        expect(page.get_by_test_id("power")).to_contain_text("Met deze aantallen kan dit onderzoek")
        page.once("dialog", lambda dialog: dialog.accept())  # data-confirm asks first
        page.get_by_role("button", name="Vastleggen").click()
        expect(page.get_by_test_id("frozen")).to_be_visible()
        evaluation = Evaluation.objects.get(question__startswith="Groeien kinderen meer in rekenen")
        assert evaluation.is_frozen
        expect(page.get_by_test_id("fingerprint")).to_have_text(evaluation.fingerprint)
        expect(page.get_by_test_id("not-yet")).to_be_visible()
        expect(page.get_by_role("button", name="Vastleggen")).to_have_count(0)
        page.screenshot(path=str(SHOTS / "evaluation-frozen.png"), full_page=True)

        seed_growth(evaluation, effect=1.2)
        after = evaluation.outcome_end + datetime.timedelta(days=1)
        clock.move_to(datetime.datetime.combine(after, datetime.time(10)))
        page.context.clock.set_system_time(datetime.datetime.combine(after, datetime.time(10)))
        page.reload()
        expect(page.get_by_test_id("effect-words")).to_contain_text("effect")
        expect(page.locator("svg.evaluation-chart")).to_be_visible()
        expect(page.locator("#result-heading ~ p code")).to_have_text(evaluation.fingerprint)
        page.screenshot(path=str(SHOTS / "evaluation-result.png"), full_page=True)
        assert not serious(axe_violations(page)), describe(serious(axe_violations(page)))
        pdf = page.request.get(url("evaluation:pdf", evaluation.pk))
        assert pdf.ok and pdf.body().startswith(b"%PDF")
    finally:
        context.close()
