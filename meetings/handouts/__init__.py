"""Handouts of the information sessions: shipped default texts, the school's edits, the PDF."""
