from django.urls import path

from . import views
from .mfa import views as mfa

app_name = "accounts"
urlpatterns = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("school/", views.choose_school, name="choose_school"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("parent/", views.parent_login, name="parent_login"),
    path("parent/sent/", views.parent_login_sent, name="parent_login_sent"),
    path("parent/code/", views.parent_code, name="parent_code"),
    path("l/<str:token>/", views.magic_link, name="magic_link"),
    path("mfa/", mfa.overview, name="mfa"),
    path("mfa/koppelen/", mfa.setup, name="mfa_setup"),
    path("mfa/controle/", mfa.verify, name="mfa_verify"),
    path("mfa/herstelcodes/", mfa.recovery_codes, name="mfa_recovery_codes"),
    path("mfa/herstelcodes/nieuw/", mfa.recovery_codes_renew, name="mfa_recovery_codes_renew"),
    path("mfa/school/", mfa.school_setting, name="mfa_school"),
]
