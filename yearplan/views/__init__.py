"""The year calendar pages: setup (leadership) and the calendar views."""
