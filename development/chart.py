"""The OPP-trap chart as a server-rendered SVG string: no JavaScript, no chart library.

Time across (didactic age DL, 0–60 months from groep 3), functioning level up (DLE: M3 = 5 …
E8 = 60, "E8+" above). Behind the lines the route bands: a pupil who keeps learning at one rate
moves along a straight line from the origin, so the route to a track is the wedge between the
lines to its lowest and highest expected DLE at the end of groep 8. One line per domain, each
with its own marker AND dash pattern (readable without colour, in greyscale print), the projection
to the end of groep 8 dashed, the expectation lines (50/75/100 %) dotted, the exit perspective's
band outlined and named. The SVG carries <title> and <desc> for screen readers and names the
route table it used.

Input is plain data (the dataclasses below), so the chart is tested without the database;
selectors.py builds it from a pupil's results.
"""

import textwrap
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

DL_MAX = 60
DLE_MAX = 70  # room above E8 (60) for "E8+"
E8 = 60


@dataclass(frozen=True)
class Point:
    dl: float
    dle: float
    label: str  # the level as shown, e.g. "M5", ">E8"


@dataclass
class Series:
    key: str  # the domain, e.g. "maths"; picks the style
    label: str  # "Rekenen-wiskunde"
    points: list = field(default_factory=list)  # [Point], in time order
    projected_dle: float | None = None  # at DL 60, with the domain's own learning rate


@dataclass(frozen=True)
class Band:
    track: str  # "havo"
    label: str  # "havo"
    low: float  # expected DLE at the end of groep 8
    high: float | None  # None: no upper boundary


@dataclass(frozen=True)
class Expectation:
    label: str  # "75%"
    start: Point
    end_dle: float


@dataclass
class Chart:
    title: str
    description: str
    series: list = field(default_factory=list)
    bands: list = field(default_factory=list)
    expectations: list = field(default_factory=list)
    exit_track: str = ""  # a Band.track, or ""
    route_table: str = ""  # the name of the route table the bands come from
    expectation_note: str = ""  # legend text for the expectation lines


@dataclass(frozen=True)
class Style:
    colour: str
    dash: str  # stroke-dasharray; "" is solid
    marker: str  # circle, square, triangle, diamond


# Okabe–Ito colours (safe for colour-blind readers); marker and dash tell the lines apart without them.
STYLES = {
    "technical_reading": Style("#0072B2", "", "circle"),
    "reading_comprehension": Style("#D55E00", "9 4", "square"),
    "spelling": Style("#009E73", "2 3", "triangle"),
    "maths": Style("#7B3294", "12 3 3 3", "diamond"),
}
FALLBACK_STYLE = Style("#333333", "", "circle")


@dataclass(frozen=True)
class Layout:
    """Where the plot sits in the SVG's user units; `wide` for desks and paper, `narrow` for phones."""

    width: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    font: int
    legend_columns: int

    def x(self, dl):
        return round(self.left + min(max(dl, 0), DL_MAX) * self.plot_width / DL_MAX, 1)

    def y(self, dle):
        return round(self.top + self.plot_height - min(max(dle, 0), DLE_MAX) * self.plot_height / DLE_MAX, 1)

    @property
    def bottom(self):
        return self.top + self.plot_height

    @property
    def right(self):
        return self.left + self.plot_width


WIDE = Layout(width=780, left=56, top=14, plot_width=600, plot_height=350, font=15, legend_columns=3)
NARROW = Layout(width=410, left=36, top=10, plot_width=300, plot_height=280, font=13, legend_columns=2)
LAYOUTS = {"wide": WIDE, "narrow": NARROW}

LEVEL_TICKS = [(5 * i, f"{'ME'[(i + 1) % 2]}{3 + (i - 1) // 2}") for i in range(1, 13)]  # (5, "M3") … (60, "E8")


def _num(value):
    return f"{value:g}"


def _marker(style, x, y, size, *, hollow=False):
    fill = "#fff" if hollow else style.colour
    attrs = f'fill="{fill}" stroke="{style.colour}" stroke-width="1.6"'
    if style.marker == "square":
        side = _num(2 * size)
        return f'<rect x="{_num(x - size)}" y="{_num(y - size)}" width="{side}" height="{side}" {attrs}/>'
    if style.marker == "triangle":
        h = size * 1.2
        pts = f"{_num(x)},{_num(y - h)} {_num(x + h)},{_num(y + h * 0.8)} {_num(x - h)},{_num(y + h * 0.8)}"
        return f'<polygon points="{pts}" {attrs}/>'
    if style.marker == "diamond":
        h = size * 1.35
        pts = f"{_num(x)},{_num(y - h)} {_num(x + h)},{_num(y)} {_num(x)},{_num(y + h)} {_num(x - h)},{_num(y)}"
        return f'<polygon points="{pts}" {attrs}/>'
    return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(size)}" {attrs}/>'


def _defs(uid, lay):
    return (
        "<defs>"
        f'<pattern id="{uid}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="8" height="8" fill="#eef1f5"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#c9d1dc" stroke-width="2"/>'
        "</pattern>"
        f'<pattern id="{uid}-dots" width="7" height="7" patternUnits="userSpaceOnUse">'
        '<rect width="7" height="7" fill="#f7f7f7"/><circle cx="3.5" cy="3.5" r="1" fill="#c4c4c4"/>'
        "</pattern>"
        f'<pattern id="{uid}-exit" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">'
        '<rect width="8" height="8" fill="#fbe7a6"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#c99a06" stroke-width="1.5"/>'
        "</pattern>"
        f'<clipPath id="{uid}-plot"><rect x="{lay.left}" y="{lay.top}" width="{lay.plot_width}" '
        f'height="{lay.plot_height}"/></clipPath>'
        "</defs>"
    )


def _bands(chart, lay, uid):
    out = []
    right_x = lay.right
    for index, band in enumerate(chart.bands):
        high = DLE_MAX * 2 if band.high is None else band.high
        low_y, high_y = lay.y(band.low), lay.y(high)
        origin = f"{lay.left},{lay.bottom}"
        # The wedge from the origin to the band's boundaries at DL 60, clipped to the plot.
        points = f"{origin} {right_x},{_num(low_y)} {right_x},{_num(high_y)}"
        chosen = band.track == chart.exit_track
        fill = f"url(#{uid}-exit)" if chosen else f"url(#{uid}-hatch)" if index % 2 else f"url(#{uid}-dots)"
        out.append(
            f'<polygon class="opp-band{" opp-band-exit" if chosen else ""}" data-track="{escape(band.track)}" '
            f'data-low="{_num(band.low)}" data-high="{_num(band.high) if band.high is not None else ""}" '
            f'points="{points}" fill="{fill}" stroke="{"#5c4700" if chosen else "#9aa3ad"}" '
            f'stroke-width="{1.6 if chosen else 0.8}" clip-path="url(#{uid}-plot)"/>'
        )
        middle = (max(band.low, 0) + min(high, DLE_MAX)) / 2
        label = escape(band.label) + (" ◀" if chosen else "")
        weight = ' font-weight="bold"' if chosen else ""
        out.append(
            f'<text class="opp-band-label" x="{right_x + 5}" y="{_num(lay.y(middle) + lay.font * 0.35)}"{weight} '
            f'font-size="{lay.font - 1}">{label}</text>'
        )
    return out


def _axes(lay):
    out = [
        f'<rect x="{lay.left}" y="{lay.top}" width="{lay.plot_width}" height="{lay.plot_height}" '
        'fill="none" stroke="#444"/>'
    ]
    for dle, label in LEVEL_TICKS:
        y = lay.y(dle)
        strong = label.startswith("E")
        out.append(
            f'<line x1="{lay.left}" y1="{_num(y)}" x2="{lay.right}" y2="{_num(y)}" '
            f'stroke="{"#b0b0b0" if strong else "#dcdcdc"}" stroke-width="0.6"/>'
        )
        out.append(f'<text x="{lay.left - 5}" y="{_num(y + lay.font * 0.35)}" text-anchor="end">{label}</text>')
    out.append(f'<text x="{lay.left - 5}" y="{_num(lay.y(65) + lay.font * 0.35)}" text-anchor="end">E8+</text>')
    for year in range(3, 9):
        start = (year - 3) * 10
        x0, x_mid = lay.x(start), lay.x(start + 5)
        out.append(f'<line x1="{x0}" y1="{lay.bottom}" x2="{x0}" y2="{lay.bottom + 6}" stroke="#444"/>')
        if start:
            out.append(
                f'<line x1="{x0}" y1="{lay.top}" x2="{x0}" y2="{lay.bottom}" stroke="#b0b0b0" stroke-width="0.6"/>'
            )
        label = str(year) if lay is NARROW else _("groep %(year)s") % {"year": year}
        out.append(f'<text x="{x_mid}" y="{lay.bottom + lay.font + 4}" text-anchor="middle">{escape(label)}</text>')
    title = _("groep (tijd op school)") if lay is NARROW else _("tijd op school (vanaf groep 3)")
    out.append(
        f'<text x="{lay.left + lay.plot_width / 2}" y="{lay.bottom + 2 * lay.font + 10}" text-anchor="middle" '
        f'class="opp-axis-title">{escape(title)}</text>'
    )
    return out


def _series(series, lay):
    style = STYLES.get(series.key, FALLBACK_STYLE)
    size = 4.5 if lay is WIDE else 3.6
    out = []
    pts = " ".join(f"{_num(lay.x(p.dl))},{_num(lay.y(p.dle))}" for p in series.points)
    if len(series.points) > 1:
        out.append(
            f'<polyline class="opp-line" data-domain="{escape(series.key)}" points="{pts}" fill="none" '
            f'stroke="{style.colour}" stroke-width="2.2" stroke-dasharray="{style.dash or "none"}" '
            'stroke-linejoin="round"/>'
        )
    if series.points and series.projected_dle is not None:
        last = series.points[-1]
        if last.dl < DL_MAX:
            out.append(
                f'<line class="opp-projection" data-domain="{escape(series.key)}" x1="{_num(lay.x(last.dl))}" '
                f'y1="{_num(lay.y(last.dle))}" x2="{_num(lay.x(DL_MAX))}" y2="{_num(lay.y(series.projected_dle))}" '
                f'data-end-dle="{_num(round(series.projected_dle, 1))}" stroke="{style.colour}" stroke-width="1.4" '
                f'stroke-dasharray="5 4" opacity="0.9"/>'
            )
            out.append(_marker(style, lay.x(DL_MAX), lay.y(series.projected_dle), size * 0.8, hollow=True))
    for point in series.points:
        x, y = lay.x(point.dl), lay.y(point.dle)
        tip = escape(f"{series.label}: {point.label} (DL {_num(point.dl)})")
        out.append(
            f'<g class="opp-point" data-domain="{escape(series.key)}" data-dl="{_num(point.dl)}" '
            f'data-dle="{_num(point.dle)}" data-x="{_num(x)}" data-y="{_num(y)}"><title>{tip}</title>'
            f"{_marker(style, x, y, size)}</g>"
        )
    return out


def _expectations(chart, lay):
    out = []
    for line in chart.expectations:
        x1, y1 = lay.x(line.start.dl), lay.y(line.start.dle)
        x2, y2 = lay.x(DL_MAX), lay.y(line.end_dle)
        out.append(
            f'<line class="opp-expectation" data-end-dle="{_num(round(line.end_dle, 1))}" '
            f'x1="{_num(x1)}" y1="{_num(y1)}" '
            f'x2="{_num(x2)}" y2="{_num(y2)}" stroke="#555" stroke-width="1" stroke-dasharray="1 3"/>'
        )
        out.append(
            f'<text class="opp-expectation-label" x="{x2 - 4}" y="{_num(y2 - 3)}" text-anchor="end" '
            f'font-size="{lay.font - 2}">{escape(line.label)}</text>'
        )
    return out


def _legend(chart, lay, top, uid):
    items = [(STYLES.get(s.key, FALLBACK_STYLE), s.label) for s in chart.series]
    column_width = (lay.width - lay.left) / lay.legend_columns
    row_height = lay.font + 9
    out = []
    for index, (style, label) in enumerate(items):
        x = lay.left + (index % lay.legend_columns) * column_width
        y = top + (index // lay.legend_columns) * row_height
        out.append(
            f'<line x1="{_num(x)}" y1="{_num(y)}" x2="{_num(x + 30)}" y2="{_num(y)}" stroke="{style.colour}" '
            f'stroke-width="2.2" stroke-dasharray="{style.dash or "none"}"/>'
        )
        out.append(_marker(style, x + 15, y, 4))
        out.append(f'<text x="{_num(x + 36)}" y="{_num(y + lay.font * 0.35)}">{escape(label)}</text>')
    rows = -(-len(items) // lay.legend_columns)
    projection_label = _("verwachting tot eind groep 8")
    y = top + rows * row_height
    out.append(
        f'<line x1="{lay.left}" y1="{y}" x2="{lay.left + 30}" y2="{y}" stroke="#333" stroke-width="1.4" '
        'stroke-dasharray="5 4"/>'
    )
    out.append(f'<text x="{lay.left + 36}" y="{_num(y + lay.font * 0.35)}">{escape(projection_label)}</text>')
    y += row_height
    if chart.expectations and chart.expectation_note:
        out.append(
            f'<line x1="{lay.left}" y1="{y}" x2="{lay.left + 30}" y2="{y}" stroke="#555" stroke-width="1" '
            'stroke-dasharray="1 3"/>'
        )
        out.append(f'<text x="{lay.left + 36}" y="{_num(y + lay.font * 0.35)}">{escape(chart.expectation_note)}</text>')
        y += row_height
    if chart.exit_track:
        out.append(
            f'<rect x="{lay.left}" y="{_num(y - 6)}" width="30" height="12" fill="url(#{uid}-exit)" stroke="#5c4700"/>'
        )
        exit_label = _("◀ het schooltype dat we verwachten")
        out.append(f'<text x="{lay.left + 36}" y="{_num(y + lay.font * 0.35)}">{escape(exit_label)}</text>')
        y += row_height
    if chart.route_table:
        caption = _("Routes naar het voortgezet onderwijs: %(table)s") % {"table": chart.route_table}
        width = int((lay.width - lay.left) / (lay.font * 0.52))
        for line in textwrap.wrap(caption, width):
            out.append(
                f'<text class="opp-caption" x="{lay.left}" y="{_num(y + lay.font * 0.35)}" font-style="italic">'
                f"{escape(line)}</text>"
            )
            y += row_height - 4
    return out, y


def render_svg(chart: Chart, *, size: str = "wide", uid: str = "opp") -> str:
    """The chart as an inline <svg> element (safe to put in a template).

    `uid` prefixes the element ids, so several charts can share one page.
    """
    lay = LAYOUTS[size]
    body = [_defs(uid, lay)]
    body += _bands(chart, lay, uid)
    body += _axes(lay)
    body += _expectations(chart, lay)
    for series in chart.series:
        body += _series(series, lay)
    legend, height = _legend(chart, lay, lay.bottom + 2 * lay.font + 34, uid)
    body += legend
    height = round(height + 4)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="opp-chart opp-chart-{size}" role="img" '
        f'aria-labelledby="{uid}-title {uid}-desc" viewBox="0 0 {lay.width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" font-family="Noto Sans, DejaVu Sans, Arial, sans-serif" '
        f'font-size="{lay.font}" fill="#222" direction="ltr">'
        f'<title id="{uid}-title">{escape(chart.title)}</title><desc id="{uid}-desc">{escape(chart.description)}</desc>'
        + "".join(body)
        + "</svg>"
    )
    return mark_safe(svg)


def legend_key(key: str) -> str:
    """A small sample of a domain's line and marker, to put beside its words (decorative)."""
    style = STYLES.get(key, FALLBACK_STYLE)
    return mark_safe(
        '<svg xmlns="http://www.w3.org/2000/svg" class="opp-key" width="34" height="14" viewBox="0 0 34 14" '
        f'aria-hidden="true" focusable="false"><line x1="1" y1="7" x2="33" y2="7" stroke="{style.colour}" '
        f'stroke-width="2.2" stroke-dasharray="{style.dash or "none"}"/>{_marker(style, 17, 7, 4)}</svg>'
    )
