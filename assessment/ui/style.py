"""The app's own CSS, on top of the theme in .streamlit/config.toml.

Sent once per run as a style-only `st.html` (Streamlit puts it in the event container, so it
takes no space). Hooks are the `st-key-<key>` classes Streamlit gives keyed containers, and its
`data-testid`s; nothing here changes what a page says, only how it is laid out and seen:

- a clear focus marker on every control reached with the keyboard;
- captions dark enough to read (WCAG AA contrast on the theme's background);
- answer options as targets of at least 44 px with gaps between them, "Don't know" and
  "Not applicable" set apart below the five practices;
- the step list as a grid on wide screens, folded into an expander on narrow ones;
- on narrow screens: less padding above the page, smaller titles, questions set off by a rule
  rather than a box;
- headings without their link icon (an extra Tab stop each); the folded menu's button labelled.
"""

from __future__ import annotations

import streamlit as st

FOCUS = "#0B4F6C"  # 8.9:1 on the theme's background
CAPTION = "#4A5358"  # 7.3:1 on #FBFAF7, 6.7:1 on the secondary background
OPTION_BORDER = "#9AA9B1"  # 3:1 against the background: the option's edge is seen
CHOSEN = "#E1EDF2"

QUESTION_CARD = "qcard"  # container keys start with this (see questionnaire.py)
STEPS_GRID = "steps-grid"  # the step list as a grid above the step (wide screens)
STEPS_INLINE = "steps-fold"  # the step list folded into an expander (narrow screens)
LINK_INLINE = "rd-link-main"  # the assessment's link drawn in the page, likewise
QUESTION_STATUS = "qstatus"  # the status line under each question (see saving.py)
PROGRESS = "progress"  # the progress line above a step (see steps.py)

CSS = f"""
<style>
/* Focus: a marker nobody misses, on every control reached with the keyboard. */
:focus-visible {{
  outline: 3px solid {FOCUS} !important;
  outline-offset: 2px !important;
}}
[data-testid="stRadioOption"]:has(input:focus-visible) {{
  outline: 3px solid {FOCUS};
  outline-offset: 2px;
}}
h1:focus, h2:focus, h3:focus {{ outline: none; }}
h1:focus-visible, h2:focus-visible, h3:focus-visible {{ outline: 3px solid {FOCUS}; }}

/* Captions and help text readable on the theme's background. */
[data-testid="stCaptionContainer"],
[data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] p {{
  color: {CAPTION};
  opacity: 1;
}}
[data-testid="stMarkdownContainer"] code {{ color: #1F2A30; }}

/* A question brought into view stops below Streamlit's header, as headings do. */
[class*="st-key-{QUESTION_CARD}"] {{ scroll-margin-top: 4.5rem; }}

/* Answer options: each one a target of at least 44 px, with a gap to the next. */
[class*="st-key-{QUESTION_CARD}"] [data-testid="stRadioGroup"] {{
  gap: 0.4rem;
  width: 100%;
}}
[class*="st-key-{QUESTION_CARD}"] [data-testid="stRadioGroup"] > div {{
  width: 100%;
}}
[class*="st-key-{QUESTION_CARD}"] [data-testid="stRadioOption"] {{
  box-sizing: border-box;
  width: 100%;
  min-height: 44px;
  align-items: center;
  padding: 0.45rem 0.65rem;
  border: 1px solid {OPTION_BORDER};
  border-radius: 0.5rem;
  margin: 0;
  cursor: pointer;
}}
[class*="st-key-{QUESTION_CARD}"] [data-testid="stRadioOption"]:has(input:checked) {{
  background: {CHOSEN};
  border-color: {FOCUS};
  box-shadow: inset 0 0 0 1px {FOCUS};  /* 2 px look, 1 px box: choosing moves nothing */
}}
/* "Don't know" and "Not applicable": below a rule, apart from the five practices. */
[class*="st-key-{QUESTION_CARD}"] [data-testid="stRadioGroup"] > div:nth-child(6) {{
  margin-top: 0.7rem;
  padding-top: 0.9rem;
  border-top: 1px dashed {OPTION_BORDER};
}}
[class*="st-key-{QUESTION_CARD}"] [data-testid="stRadioGroup"] > div:nth-child(n+6)
  [data-testid="stRadioOption"] {{
  border-style: dashed;
}}

/* The step list: a grid of three columns on a wide screen, folded away on a narrow one. */
[class*="st-key-{STEPS_GRID}"] {{
  display: grid !important;
  grid-template-columns: repeat(3, minmax(0, 1fr));
  gap: 0.5rem;
}}
[class*="st-key-{STEPS_GRID}"] button {{ padding: 0.3rem 0.6rem; }}
[class*="st-key-{STEPS_GRID}"] button p {{ font-size: 0.88rem; }}
@media (max-width: 640px) {{ [class*="st-key-{STEPS_GRID}"] {{ display: none !important; }} }}
@media (min-width: 641px) {{ [class*="st-key-{STEPS_INLINE}"] {{ display: none !important; }} }}

/* The step list and the unanswered questions: buttons that read as a list, left-aligned. */
[class*="st-key-steps"] button, [class*="st-key-wz-left"] button {{
  justify-content: flex-start;
  text-align: left;
  min-height: 44px;
}}
[class*="st-key-steps"] button > div, [class*="st-key-wz-left"] button > div {{
  justify-content: flex-start;
  width: 100%;
}}
[class*="st-key-steps"] button p, [class*="st-key-wz-left"] button p {{ text-align: left; }}
/* The link in the page only while the sidebar (which holds it too) is folded away. */
body:has(#stSidebar[data-collapsed="false"]) .st-key-{LINK_INLINE} {{ display: none; }}

/* Buttons and links: targets of at least 44 px. */
[data-testid="stBaseButton-secondary"], [data-testid="stBaseButton-primary"],
[data-testid="stBaseButton-tertiary"], [data-testid="stPageLink-NavLink"] {{
  min-height: 44px;
}}

/* Less empty space above the page, and section headings a step below the page's level: the
   level on Results is what the eye meets first. */
[data-testid="stMainBlockContainer"] {{ padding-top: 4rem; }}
h2 {{ font-size: 1.7rem !important; }}
h3 {{ font-size: 1.3rem !important; }}

/* A heading's link icon (Streamlit's anchor) is one more Tab stop per heading, for a link
   nobody here needs: out of the page, and so out of the Tab order. */
[data-testid="stHeaderActionElements"] {{ display: none !important; }}

/* The button that opens the folded menu says what it is (the menu holds Report, Method...). */
[data-testid="stExpandSidebarButton"]::after {{
  content: "Menu";
  margin-left: 0.3rem;
  font-size: 0.95rem;
  font-weight: 600;
}}

/* Saving: each question's status line keeps its height, shown or not, so a "Saved" line going
   away never moves the page; the progress line stays in view while the step scrolls. */
[class*="st-key-{QUESTION_STATUS}"] {{ min-height: 1.75rem; }}
[class*="st-key-{QUESTION_STATUS}"] [data-testid="stCaptionContainer"] p {{
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
}}
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-{PROGRESS}"]) {{
  position: sticky; top: 3.75rem; z-index: 5;
  background: #FBFAF7; padding: 0.25rem 0;
}}
/* On a touch screen there is no Ctrl+Enter: a note is saved when the field is left. */
@media (pointer: coarse) {{
  [class*="st-key-{QUESTION_CARD}"] [data-testid="InputInstructions"] {{ display: none; }}
}}

/* Helpers that draw nothing (scrolling, remembering) take no space. */
[class*="st-key-rd-helper"] {{ display: none; }}

@media (max-width: 640px) {{
  [data-testid="stMainBlockContainer"] {{
    padding-top: 3.5rem;
    padding-left: 0.9rem;
    padding-right: 0.9rem;
  }}
  h1 {{ font-size: 1.7rem !important; }}
  h2 {{ font-size: 1.35rem !important; }}
  /* A question is set off by a rule rather than a box: the width goes to the options. */
  [class*="st-key-{QUESTION_CARD}"] {{
    border: none !important;
    border-top: 2px solid {OPTION_BORDER} !important;
    border-radius: 0 !important;
    padding: 0.9rem 0 0 0 !important;
    gap: 0.6rem;
  }}
  [class*="st-key-{QUESTION_CARD}"] [data-testid="stCaptionContainer"] p {{ font-size: 0.82rem; }}
}}
</style>
"""


def apply() -> None:
    """Send the app's CSS (every run: a new page starts without it)."""
    st.html(CSS)
