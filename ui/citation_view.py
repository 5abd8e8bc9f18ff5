"""A citation as an expander: where it is from, and the passage with the quote highlighted."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.labels import citation_label, date_ja, lines_ja
from ui.markdown_text import md_escape
from ui.quote_highlight import passage_excerpt, passage_markdown


def render_citation(c: dict[str, Any], key: str) -> None:
    """A citation as an expander: title, date, lines; inside, the passage with the quote highlighted."""
    with st.expander(citation_label(c)):
        st.caption(
            f"{md_escape(c.get('title') or '')} ／ {date_ja(c.get('date'))} ／ "
            f"{md_escape(c.get('doc') or '')} {lines_ja(c.get('line_start'), c.get('line_end'))}"
        )
        excerpt = passage_excerpt(c)
        body = st.container()
        whole = excerpt is None or st.toggle(
            f"段落全体（{lines_ja(c.get('line_start'), c.get('line_end'))}）を表示", key=f"whole-{key}"
        )
        with body:
            if not whole:
                md, first, last = excerpt
                st.caption(f"引用箇所（強調部分）とその前後：{lines_ja(first, last)}")
                st.markdown(md)
            else:
                if c.get("quote_line_start"):
                    st.caption(f"引用箇所：{lines_ja(c.get('quote_line_start'), c.get('quote_line_end'))}（強調部分）")
                st.markdown(passage_markdown(c))
