"""Bereik van ouders models."""

from django.db import models  # noqa: F401
