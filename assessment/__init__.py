"""Social-media strategy readiness assessment.

Grouped by what each part is:
- `domain/`  the core, pure: models, content loading, rules, scoring, planning, evaluation and
  the workshop's maths;
- `readout/` what a reader is shown, in words, decided once for every renderer;
- `files/`   file formats in and out: answers file, branding, form-tool imports, exports;
- `app/`     the use cases (what a user action does, end to end), no Streamlit;
- `store/`   the database adapter; `report/` (PDF) and `bundle/` (DOCX, XLSX, ICS, CSV) draw;
- `ui/`      the Streamlit pages, and `cli` the command line: thin callers of `app/`.
"""
