"""Text from data shown as text: the one escape every value from a file or a form goes through before it reaches an
element that parses Markdown (st.markdown, st.caption, alerts, metrics, st.table cells, labels and tooltips).

Streamlit's Markdown is CommonMark with GitHub's extensions (autolinks such as www.x.vn or https://x.vn) and its own
directives (:red[…], :green-badge[…], :material/…:, emoji shortcodes, $LaTeX$). CommonMark lets a backslash make
any ASCII punctuation character literal, so escaping every one of them leaves no link, image, badge, directive,
formula, heading, list or HTML tag a value could open; the reader sees the same characters. Line breaks become
spaces: a value is one run of text inside a sentence, never a new block.

Escapes do not stop GitHub's autolinks: Streamlit's renderer finds bare addresses (https://…, www.…, a@b.vn) in the
text after escapes are resolved. A word joiner (U+2060, invisible) after “:” of “://”, after “www” and after “@”
breaks those patterns, so an address from data stays text.

Elements that do not parse Markdown (st.dataframe cells, selectbox and multiselect options, st.code) take the raw
value: escaped there, the backslashes would show.
"""

import math
import re
import string

import pandas as pd

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c]+")
_JOINER = "\u2060"
_ADDRESS = re.compile(r"(:(?=//)|(?i:www)(?=\.)|@)")


def md(value) -> str:
    """A value from data as Markdown that renders exactly its characters; '' for a missing value."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = _ADDRESS.sub(lambda m: m.group(0) + _JOINER, _BREAKS.sub(" ", str(value)))
    return _PUNCTUATION.sub(r"\\\1", text)


def md_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell of a frame escaped, for st.table (whose cells, index and headers parse Markdown)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = [md(v) if isinstance(v, str) else v for v in out[column]]
    return out
