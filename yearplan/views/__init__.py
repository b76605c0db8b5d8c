"""The year calendar pages: setup (leadership), the calendar views (staff), the parents' pages and the
public calendar feeds."""
