"""Delivery channels: one provider interface (base.py), providers for e-mail (Django's mail
framework), SMS and WhatsApp (Twilio's REST API), and console/file/locmem providers for
development and tests. Per-channel rendering is in render.py."""
