"""Content Markdown becomes HTML that cannot carry scripts, whoever edited it in the admin."""

from django.template import Context, Template

from workshops.markdown import render_markdown


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "Een **vet** woord.\n\n- een\n- twee\n\n<script>alert(1)</script>\n\n"
        '[klik](javascript:alert(2)) <img src=x onerror="alert(3)"> [bron](https://example.com)'
    )
    assert "<strong>vet</strong>" in html
    assert "<li>een</li>" in html
    assert "<script" not in html and "alert(1)" not in html.replace("&lt;", "")
    assert "javascript:" not in html
    assert "onerror" not in html and "<img" not in html
    assert 'href="https://example.com"' in html


def test_template_filter_marks_only_sanitised_html_safe():
    html = Template("{% load workshops_tags %}{{ text|markdown }}").render(
        Context({"text": "*zacht* <b onclick='x()'>hard</b>"})
    )
    assert "<em>zacht</em>" in html
    assert "onclick" not in html
