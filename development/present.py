"""What every page showing a pupil's view needs: the chart as SVG and the words beside it.

Shared by the staff page, the guardian's page, the PDF and the compact view in other apps' pages.
"""

from . import explain, selectors
from .chart import render_svg


def view_context(view, *, focus="", size="wide", uid="opp", expectations=True):
    """What the pupil templates (page, PDF, compact) need besides the view itself."""
    description = explain.summary(view)
    chart = selectors.chart_for(view, description=description, focus=focus, expectations=expectations)
    return {
        "view": view,
        "svg": render_svg(chart, size=size, uid=uid),
        "route_table": view.routes.name,
        "words": explain.parent_domains(view),
        "course": explain.course_sentence(view),
    }
