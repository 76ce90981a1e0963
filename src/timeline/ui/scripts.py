"""The page's script: a constant that no data reaches (see docs/security.md).

`st.html(..., unsafe_allow_javascript=True)` runs it in the page. It is drawn on every run and
installs its listener once. (The chronology's list and the first view's signal are components,
`ui/assets/*.js`, which receive data only as JSON and set it as text.)
"""

from __future__ import annotations

import streamlit as st

# Streamlit applies a typed date only when focus leaves the whole control; Tab from the last
# field lands on the calendar button, still inside it, and Enter does nothing. This makes Enter
# (any field) and Tab (last field) leave the control, so typed dates apply as analysts expect.
_DATES = """
<script>
if (!window.timelineDatesApplyOnKeys) {
  window.timelineDatesApplyOnKeys = true;
  document.addEventListener("keydown", (event) => {
    const field = event.target.closest && event.target.closest('[data-testid="stDateInput"]');
    if (!field || event.target.getAttribute("role") !== "spinbutton") return;
    const segments = [...field.querySelectorAll('[role="spinbutton"]')];
    const last = event.target === segments[segments.length - 1];
    if (event.key === "Enter" || (event.key === "Tab" && !event.shiftKey && last)) {
      event.preventDefault();
      const after = [...document.querySelectorAll("input, textarea, button, [tabindex='0']")]
        .filter((el) => !field.contains(el) && !el.disabled && el.offsetParent !== null)
        .find((el) => field.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
      // Focus must land somewhere outside the control for it to apply (blur alone does not).
      if (event.key === "Tab" && after) {
        after.focus();
      } else {
        document.body.tabIndex = -1;
        document.body.focus({ preventScroll: true });
      }
    }
  }, true);
}
</script>
"""


def dates_apply_on_keys() -> None:
    """Typed dates apply on Enter (any field) and on Tab out of the last field."""
    st.html(_DATES, unsafe_allow_javascript=True, width="content")
