"""The core: the framework, the answers and what is computed from them. Pure functions over
pydantic models; no Streamlit, no database, no files except the content loader."""
