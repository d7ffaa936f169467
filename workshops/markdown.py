"""Markdown from content files and the admin, rendered to HTML that is safe to show."""

from functools import lru_cache

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "blockquote",
    "a",
    "code",
    "pre",
    "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


@lru_cache(maxsize=1024)
def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML: raw HTML, scripts and event handlers in the source are dropped."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists", "smarty"], output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"})
