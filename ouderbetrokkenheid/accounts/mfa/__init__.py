"""Staff two-step login (MFA) with django-otp: a TOTP app plus ten single-use recovery codes.

Who must (rules.py): Django admin users (is_staff/superusers), board admins, and staff who are IB,
leadership or admin; teachers when their school turned "MFA verplicht voor leerkrachten" on; and
anyone who linked an app of their own accord. Until such a session is verified, every staff page
(and every /admin/ page) sends it to the verify step, or to enrolment when no app is
linked yet (middleware.py). docs/security.md has the whole story.
"""
