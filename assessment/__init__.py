"""Social-media strategy readiness assessment: the core package.

Core modules (pure): models, content, rules, scoring, planning, evaluation, method,
answers_file, exports. Adapters beside them: store (database), report (PDF), charts.
The Streamlit pages live in `assessment.ui`, the command line in `assessment.cli`.
"""
