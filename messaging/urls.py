"""Messaging URLs, one module per part: delivery (webhooks, unsubscribe, consent, history),
library (the message library editor), plans (weekly plans and overviews)."""

from .views import delivery, library, plans

app_name = "messaging"
urlpatterns = [*delivery.urlpatterns, *library.urlpatterns, *plans.urlpatterns]
