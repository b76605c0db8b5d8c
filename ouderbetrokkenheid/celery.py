import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ouderbetrokkenheid.settings")

app = Celery("ouderbetrokkenheid")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["ouderbetrokkenheid"], related_name="health")
