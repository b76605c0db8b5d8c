from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from ouderbetrokkenheid.accounts.access import public
from ouderbetrokkenheid.accounts.views import admin_login
from ouderbetrokkenheid.csp_report import csp_report
from ouderbetrokkenheid.portal.views import home
from ouderbetrokkenheid.staffpages.health_views import health_monitor

urlpatterns = [
    path("", home, name="home"),
    path("health/", health_monitor, name="health"),  # for uptime monitors (the staff page: staff/status/)
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("accounts/", include("ouderbetrokkenheid.accounts.urls")),
    path("csp-report/", csp_report, name="csp_report"),
    path("staff/", include("ouderbetrokkenheid.staffpages.urls")),
    path("portal/", include("ouderbetrokkenheid.portal.urls")),
    path("berichten/", include("messaging.urls")),
    path("bijeenkomsten/", include("meetings.urls")),
    path("gesprekken/", include("conversations.urls")),
    path("ontwikkeling/", include("development.urls")),
    path("jaarplanning/", include("yearplan.urls")),
    path("bereik/", include("reach.urls")),
    path("evaluatie/", include("evaluation.urls")),
    path("privacy/", include("ouderbetrokkenheid.privacy.urls")),
    path("admin/login/", admin_login, name="admin_login"),  # throttled, before the admin's own
    path("contact/", include("threads.urls")),
    path("admin/", admin.site.urls),
]
