"""outputs/escape.py: each output sink's one escaping function against hostile text, and no escaping elsewhere."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import unquote

import markdown as md
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from kennisbank.outputs.escape import (
    csv_text,
    front_matter,
    html_text,
    markdown_href,
    markdown_text,
    one_line,
    sanitize_html,
    script_json,
    xml_attribute,
    xml_legal,
    xml_text,
)

from .conftest import ROOT

HOSTILE = [
    'Club </script><script>alert(1)</script><!-- "x" & \'y\' &amp; &#60;',
    "<img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "[klik](javascript:alert(1)) ![x](https://elders.example/p.png) {: onclick=x }",
    "# Kop\n---\n```\n- lijst\n1. een",
    "=1+1 *nadruk* _ook_ `code` \\ | tabel | ~~weg~~",
    "regel\u2028scheiding\u2029alinea\x85volgende\x0bverticaal\x0cpagina\x1cbestand",
    "control \x00\x01\x07\x1b\x7f einde",
    "thema's &copy; é 💡",
]
SPACES = "\n\r\t\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"
MARKDOWN_EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition"]


class _Parsed(HTMLParser):
    """Tags, attributes and text of an HTML fragment, as a browser's tokenizer sees them."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data

    def handle_comment(self, data: str) -> None:
        self.tags.append(("!--", {}))


# -- Markdown and HTML ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_text_renders_as_the_same_visible_text_and_no_markup(text: str) -> None:
    escaped = markdown_text(text)
    assert "\n" not in escaped and "<" not in escaped and '"' not in escaped
    parsed = _Parsed(md.markdown(escaped, extensions=MARKDOWN_EXTENSIONS))
    assert [tag for tag, _attrs in parsed.tags] == ["p"]  # one paragraph: no heading, list, link, image, code
    assert parsed.text == one_line(text)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40))
def test_markdown_text_round_trips_any_text(text: str) -> None:
    parsed = _Parsed(md.markdown(markdown_text(text), extensions=MARKDOWN_EXTENSIONS))
    assert [tag for tag, _attrs in parsed.tags] in ([], ["p"])
    assert parsed.text.strip() == one_line(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_html_text_stays_text_and_inside_a_double_quoted_attribute(text: str) -> None:
    escaped = html_text(text)
    assert not set(escaped) & set('<>"' + SPACES) and re.sub(r"&(amp|lt|gt|quot);", "", escaped).count("&") == 0
    assert "'" not in text or "'" in escaped  # apostrophes stay as they are: "thema's"
    parsed = _Parsed(f'<a title="{escaped}">{escaped}</a>')
    assert parsed.tags == [("a", {"title": one_line(text)})] and parsed.text == one_line(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_front_matter_is_yaml_for_the_same_html_text_on_one_ascii_line(text: str) -> None:
    value = front_matter(text)
    assert value.isascii() and "\n" not in value
    assert yaml.safe_load(f"---\ntitle: {value}\nnext: 1\n") == {"title": html_text(text), "next": 1}


@pytest.mark.parametrize("url", [
    "https://example.org/a_b(c)*d!/[e]?q=1&r='2'\"3\"",
    "https://example.org/pad met spaties/`code`{x}|y\\z<t>",
    "https://example.org/\x00\x1f\x7f\u2028",
])
def test_markdown_href_is_the_same_address_and_inert_inside_markdown(url: str) -> None:
    href = markdown_href(url)
    assert not re.search(r"[\[\]()!*_`\\{}|<>\"'\s\x00-\x1f\x7f]", href)
    rendered = md.markdown(f'Zie <a href="{href}">hier</a>.', extensions=MARKDOWN_EXTENSIONS)
    parsed = _Parsed(rendered)
    assert [tag for tag, _attrs in parsed.tags] == ["p", "a"]  # Markdown made no emphasis, link or code of it
    assert unquote(parsed.tags[1][1]["href"] or "") == url


# -- JSON -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [*HOSTILE, "</script><!--<script>", "\u2028\u2029", "lone \ud800 surrogate"])
def test_script_json_cannot_leave_a_script_element(text: str) -> None:
    value = {"a": text, "b": [text, 1, None, True]}
    for result in (script_json(value), script_json(value, indent=2), script_json(value, sort_keys=True)):
        assert not set(result) & set("<>&\u2028\u2029") and result.isascii()
        assert json.loads(result) == value


def test_script_json_layout_is_that_of_json_dumps() -> None:
    # The data files kept their bytes when they moved here: only the three characters differ from json.dumps.
    value = {"z": [1, {"b": "é"}], "a": "x"}
    assert script_json(value) == json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    assert script_json(value, indent=2) == json.dumps(value, ensure_ascii=True, indent=2)
    assert script_json(value, sort_keys=True) == json.dumps(value, separators=(",", ":"), sort_keys=True)
    assert script_json("<&>") == '"\\u003c\\u0026\\u003e"'


# -- XML --------------------------------------------------------------------------------------------------

XML_FORBIDDEN = "\x00\x01\x08\x0b\x0c\x0e\x1f\ud800\udfff\ufffe\uffff"


def _xml_allowed(text: str) -> str:
    """The text without what XML 1.0's Char production leaves out."""
    return "".join(c for c in text if c in "\t\n\r" or " " <= c < "\ud800" or "\ue000" <= c < "\ufffe" or c > "\uffff")


@pytest.mark.parametrize("text", [*HOSTILE, f"a{XML_FORBIDDEN}b", "]]> <![CDATA[ x ]]>"])
def test_xml_text_and_attribute_parse_back_without_what_xml_forbids(text: str) -> None:
    legal = _xml_allowed(text)
    document = f"<svg><title>{xml_text(text)}</title><a aria-label={xml_attribute(text)}/></svg>"
    root = ET.fromstring(document.encode("utf-8"))
    assert root.findtext("title") == legal.replace("\r", "\n")  # an XML parser normalises line ends in text
    assert root.find("a").get("aria-label") == legal  # type: ignore[union-attr]  # \n, \t, \r as references


@pytest.mark.parametrize("text", [*HOSTILE, f"a{XML_FORBIDDEN}b"])
def test_xml_legal_keeps_a_serialised_tree_well_formed(text: str) -> None:
    element = ET.Element("title")
    element.text = xml_legal(text)
    parsed = ET.fromstring(ET.tostring(element, encoding="utf-8"))
    assert parsed.text == _xml_allowed(text).replace("\r", "\n")


# -- CSV --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-1+2", "'-1+2"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("a=b", "a=b"), ("", ""), ("'al", "'al"), ("thema's", "thema's"),
])
def test_csv_text_never_starts_a_formula(text: str, expected: str) -> None:
    assert csv_text(text) == expected


# -- rendered HTML ----------------------------------------------------------------------------------------

def test_sanitize_html_keeps_our_markup_and_drops_the_rest() -> None:
    dirty = ('<p class="x" onclick="y()">a<script>alert(1)</script><!-- c --><a href="javascript:alert(1)">b</a>'
             '<a href="https://example.org/">c</a><img src="../beeld.png" alt="eigen">'
             '<img src="https://elders.example/p.png" alt="elders"><style>p{}</style><svg><g/></svg></p>')
    clean = sanitize_html(dirty)
    assert clean == ('<p class="x">a<a>b</a><a href="https://example.org/">c</a><img src="../beeld.png" alt="eigen">'
                     '<img alt="elders"></p>')
    assert "<img" not in sanitize_html(dirty, images=False)  # a PDF loads nothing, not even our own images


# -- no escaping anywhere else ----------------------------------------------------------------------------

OUTPUTS = ROOT / "plugins" / "kennisbank" / "outputs"
ESCAPING = {
    "json.dumps": r"\bjson\.dumps\b|from json import[^\n]*\bdumps\b",
    "html.escape": r"\bhtml\.escape\b|from html import[^\n]*\bescape\b",
    "xml.sax.saxutils": r"\bsaxutils\b",
    "nh3": r"\bnh3\b",
    "a \\u escape by hand": r"u003[cCeE]|u0026",
}
ALLOWED = {
    # The JSON Schema files of our own models, for `kennisbank schema` and schema/ in the repository: no content
    # goes in, and people and editors read them, so they are indented and keep their accents.
    ("schema.py", "json.dumps"),
}


def test_no_module_of_outputs_escapes_by_itself() -> None:
    found = []
    for path in sorted(OUTPUTS.rglob("*.py")):
        name = path.relative_to(OUTPUTS).as_posix()
        if name == "escape.py":
            continue
        source = path.read_text(encoding="utf-8")
        found += [(name, what) for what, pattern in ESCAPING.items()
                  if re.search(pattern, source) and (name, what) not in ALLOWED]
    assert found == [], "escape for a sink with kennisbank.outputs.escape, not in the module itself"
    assert all((OUTPUTS / name).exists() for name, _what in ALLOWED)  # an exception is dropped with its reason



def test_xml_escaping_is_the_standard_librarys() -> None:
    """escape.py escapes for XML as xml.sax.saxutils does, without importing it (it pulls in ssl and http)."""
    import itertools
    from xml.sax.saxutils import escape as sax_escape
    from xml.sax.saxutils import quoteattr

    from kennisbank.outputs.escape import _quoteattr, _xml_escape

    for size in range(4):
        for chars in itertools.product("a&<>\"'\n\r\t", repeat=size):
            text = "".join(chars)
            assert _xml_escape(text) == sax_escape(text) and _quoteattr(text) == quoteattr(text)
