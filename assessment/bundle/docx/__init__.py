"""The report as an editable Word document: the same sections as the PDF, one module each
(`kit` the building blocks; `summary`, `findings`, `plan`, `appendix` the sections)."""
