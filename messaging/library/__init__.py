"""The message library: short templates (tip, encouragement, progress frame) per year level,
school-year month and theme, written per language.

- `data/`: the starting library shipped with the application, one JSON file per language;
  `nl.json` holds each entry's kind, year level, month and theme besides its text.
- `install.library_install`: copies the shipped library into a school (idempotent).
- `select.library_pick`: the entry for a year level and week.
- `render.library_render`: an entry's text in a parent's language, placeholders filled in.
- `services`: saving and approving texts; `sms.sms_segments`: SMS length and segments.

Dutch counts as approved by nature; a translation counts only once a member of staff of
the school approved it. Until then parents get the Dutch text.
"""
