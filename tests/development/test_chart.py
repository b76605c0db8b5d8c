"""The OPP-trap chart: the right points, bands, projection and words in the SVG, for plain data
and for a known pupil (Bo, tests/development/conftest.py)."""

import xml.etree.ElementTree as ET

import pytest

from development import rules, selectors
from development.chart import NARROW, WIDE, Band, Chart, Expectation, Point, Series, render_svg
from development.models import RouteTable

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg):
    return ET.fromstring(str(svg))


def default_bands():
    return [Band(track, track, low, high) for track, low, high in rules.route_bands()]


def points_of(root, domain):
    return [
        (float(g.get("data-dl")), float(g.get("data-dle")), float(g.get("data-x")), float(g.get("data-y")))
        for g in root.iterfind(".//svg:g[@class='opp-point']", NS)
        if g.get("data-domain") == domain
    ]


def test_levels_and_time_map_to_fixed_coordinates():
    # Wide: 10 units per month of DL from x=56, 5 units per DLE month up from y=364.
    assert (WIDE.x(0), WIDE.y(0)) == (56, 364)
    assert (WIDE.x(25), WIDE.y(25)) == (306, 239)  # M5 at DL 25
    assert (WIDE.x(60), WIDE.y(60)) == (656, 64)  # E8 at the end of groep 8
    assert (NARROW.x(25), NARROW.y(25)) == (161, 190)
    assert WIDE.x(75) == WIDE.x(60) and WIDE.y(-5) == WIDE.y(0)  # clamped to the plot


def test_a_point_is_drawn_where_its_level_and_time_are():
    chart = Chart("t", "d", series=[Series("maths", "Rekenen-wiskunde", [Point(15, 10, "E3"), Point(25, 25, "M5")])])
    root = parse(render_svg(chart))
    assert points_of(root, "maths") == [(15, 10, 206, 314), (25, 25, 306, 239)]
    line = root.find(".//svg:polyline[@class='opp-line']", NS)
    assert line.get("points") == "206,314 306,239"
    diamond = root.findall(".//svg:g[@class='opp-point']/svg:polygon", NS)[1]
    assert diamond.get("points").startswith("306,")  # the marker is centred on the point


def test_every_domain_has_its_own_marker_and_dash_pattern():
    series = [Series(key, key, [Point(10, 8, "M4"), Point(20, 18, "M4")]) for key in rules.DOMAINS]
    root = parse(render_svg(Chart("t", "d", series=series)))
    lines = root.findall(".//svg:polyline[@class='opp-line']", NS)
    assert len({line.get("stroke-dasharray") for line in lines}) == 4

    def kind(marker):
        tag = marker.tag.split("}")[1]
        return f"{tag}{len(marker.get('points').split())}" if tag == "polygon" else tag

    markers = {g.get("data-domain"): kind(g[1]) for g in root.iterfind(".//svg:g[@class='opp-point']", NS)}
    assert markers == {"technical_reading": "circle", "reading_comprehension": "rect", "spelling": "polygon3",
                       "maths": "polygon4"}  # fmt: skip


def test_route_bands_are_wedges_to_their_boundaries_with_labels():
    chart = Chart("t", "d", bands=default_bands(), exit_track="havo", route_table="Standaardtabel")
    root = parse(render_svg(chart))
    bands = root.findall(".//svg:polygon[@data-track]", NS)
    assert [b.get("data-track") for b in bands] == ["pro", "vmbo_bb", "vmbo_kb", "vmbo_gt", "havo", "vwo"]
    havo = bands[4]
    assert (havo.get("data-low"), havo.get("data-high")) == ("55", "62")
    # From the origin (DL 0, DLE 0) to DLE 55 and 62 at DL 60.
    assert havo.get("points") == f"56,364 656,{WIDE.y(55):g} 656,{WIDE.y(62):g}"
    assert "opp-band-exit" in havo.get("class") and havo.get("fill") == "url(#opp-exit)"  # its own pattern
    assert [b.get("class") for b in bands].count("opp-band opp-band-exit") == 1
    # Adjacent bands differ in pattern, not only in colour.
    assert bands[0].get("fill") != bands[1].get("fill")
    labels = [t.text for t in root.iterfind(".//svg:text[@class='opp-band-label']", NS)]
    assert labels == ["pro", "vmbo_bb", "vmbo_kb", "vmbo_gt", "havo ◀", "vwo"]
    assert "Standaardtabel" in "".join(t.text for t in root.iterfind(".//svg:text[@class='opp-caption']", NS))


def test_projection_and_expectation_lines_end_at_groep_8():
    start = Point(35, 25, "M5")
    chart = Chart(
        "t", "d",
        series=[Series("maths", "Rekenen", [Point(25, 20, "E4"), start], projected_dle=42.857)],
        expectations=[Expectation("50%", start, 37.5), Expectation("100%", start, 50)],
        expectation_note="verwachting",
    )  # fmt: skip
    root = parse(render_svg(chart))
    projection = root.find(".//svg:line[@class='opp-projection']", NS)
    assert (projection.get("x1"), projection.get("y1")) == ("406", "239")
    assert (projection.get("x2"), projection.get("y2")) == ("656", f"{WIDE.y(42.857):g}")
    assert projection.get("data-end-dle") == "42.9" and projection.get("stroke-dasharray") == "5 4"
    ends = [(e.get("data-end-dle"), e.get("y2")) for e in root.iterfind(".//svg:line[@class='opp-expectation']", NS)]
    assert ends == [("37.5", f"{WIDE.y(37.5):g}"), ("50", f"{WIDE.y(50):g}")]


def test_screen_readers_get_a_title_and_description_and_text_is_escaped():
    chart = Chart("Ontwikkeling van <Sam>", "Sam leest & rekent", series=[Series("maths", "R", [Point(5, 5, "M3")])])
    svg = str(render_svg(chart, uid="opp-7"))
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "opp-7-title opp-7-desc"
    assert root.find("svg:title", NS).text == "Ontwikkeling van <Sam>"
    assert root.find("svg:desc", NS).text == "Sam leest & rekent"
    assert "<Sam>" not in svg


def test_two_charts_on_one_page_have_their_own_ids():
    chart = Chart("t", "d", bands=default_bands())
    first, second = str(render_svg(chart, uid="opp-1")), str(render_svg(chart, uid="opp-2"))
    assert 'id="opp-1-plot"' in first and "url(#opp-2-plot)" in second and "opp-1" not in second


@pytest.mark.django_db
def test_the_chart_of_a_known_pupil(world, bo_results):
    view = selectors.pupil_view(world.bo)
    root = parse(render_svg(selectors.chart_for(view, description="Bo", focus="maths")))
    # Reading comprehension: M5 at DL 25 and M6 at DL 35.
    assert points_of(root, "reading_comprehension") == [(25, 25, 306, 239), (35, 35, 406, 189)]
    assert [p[:2] for p in points_of(root, "maths")] == [(20, 15), (25, 20), (35, 25)]
    assert points_of(root, "spelling")[0][:2] == (35, 3)  # "<M3" drawn just below M3
    projections = {
        p.get("data-domain"): p.get("data-end-dle") for p in root.iterfind(".//svg:line[@class='opp-projection']", NS)
    }
    assert projections == {
        "maths": "42.9",
        "reading_comprehension": "60",
        "technical_reading": "68.6",
        "spelling": "8.6",
    }
    assert root.find(".//svg:polygon[@class='opp-band opp-band-exit']", NS).get("data-track") == "havo"
    ends = [e.get("data-end-dle") for e in root.iterfind(".//svg:line[@class='opp-expectation']", NS)]
    assert ends == ["37.5", "43.8", "50"]  # from maths' M5 at DL 35: 25 + rate × 25
    assert "Standaardtabel van de app" in ET.tostring(root, encoding="unicode")


@pytest.mark.django_db
def test_the_schools_own_route_table_moves_the_bands_and_is_named(world, bo_results):
    boundaries = {"vmbo_bb": 25, "vmbo_kb": 35, "vmbo_gt": 45, "havo": 52, "vwo": 60}
    RouteTable.objects.create(school=world.school_a, name="Afspraak SWV 2026", boundaries=boundaries)
    view = selectors.pupil_view(world.bo)
    root = parse(render_svg(selectors.chart_for(view, description="Bo")))
    havo = root.find(".//svg:polygon[@data-track='havo']", NS)
    assert (havo.get("data-low"), havo.get("data-high")) == ("52", "60")
    assert "Afspraak SWV 2026" in "".join(t.text for t in root.iterfind(".//svg:text[@class='opp-caption']", NS))
    assert view.domains[3].projected_track == "vmbo_kb"  # maths 42.9: between 35 and 45
