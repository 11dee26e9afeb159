"""Factiva exports: HTML (the layout with two-letter field codes, and the plain layout) and
XML. Many articles a file.

- Coded HTML: each article a table of rows, a code (HD headline, BY byline, WC words, PD date,
  SN source name, SE section, LA language, LP lead paragraphs, TD text, AN accession number)
  and its value.
- Plain HTML: each article a ``div.article xxArticle`` with ``span.xxHeadline``, a
  ``div.author``, then unlabelled divs in order (words, date, source, ...) and
  ``p.articleParagraph`` paragraphs; the last paragraph names the document.
- XML (``ppsarticle`` elements): headline, leadParagraph, tailParagraphs, publicationDate,
  sourceName, byline, accessionNo.
Text is the lead paragraphs then the rest, one paragraph a line, separated by blank lines.
Dates are read in the export's language (the ``xxArticle`` class, the LA field).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .dates import export_date
from .detect import FormatError
from .tables import FIELDS, Record
from .text import decode

# "295 words", "295 mots", "1.234 Wörter": the plain layout's word count, before the date.
WORD_COUNT = re.compile(r"^[\d.,\s]+(words|mots|Wörter|palabras|parole|palavras|woorden|"
                        r"слов|слова|字|語)$", re.IGNORECASE)
ARTICLE_CLASS = re.compile(r"\barticle ([a-z]{2})Article\b")
ACCESSION = re.compile(r"^Document (\S+)$")
LANGUAGE_NAMES = {"english": "en", "français": "fr", "french": "fr", "deutsch": "de",
                  "german": "de", "español": "es", "spanish": "es", "italiano": "it",
                  "русский": "ru", "russian": "ru", "nederlands": "nl", "português": "pt"}


def _text(node) -> str:
    """An element -> its text, whitespace tidied."""
    return " ".join("".join(node.itertext()).split())


def _body(paragraphs: list[str]) -> str:
    """Paragraph texts -> the article text, blank lines between paragraphs."""
    return "\n\n".join(p for p in paragraphs if p)


def _coded(article, language: str) -> Record:
    """A coded-layout article element -> its record."""
    fields: dict[str, object] = {}
    for row in article.iter("tr"):
        cells = row.findall("td")
        if len(cells) < 2:
            continue
        code = _text(cells[0])
        paras = [" ".join("".join(p.itertext()).split()) for p in cells[1].iter("p")]
        fields[code] = paras if paras else _text(cells[1])
    language = LANGUAGE_NAMES.get(str(fields.get("LA", "")).strip().casefold(), language)
    paragraphs = [*_as_list(fields.get("LP")), *_as_list(fields.get("TD"))]
    accession = ACCESSION.match(str(fields.get("AN", "")))
    return dict.fromkeys(FIELDS, "") | {
        "text": _body(paragraphs), "title": str(fields.get("HD", "")),
        "outlet": str(fields.get("SN", "")), "author": str(fields.get("BY", "")),
        "published": export_date(str(fields.get("PD", "")), language),
        "uid": f"factiva:{accession.group(1)}" if accession else "",
        "note": f"section: {fields['SE']}" if fields.get("SE") else ""}


def _as_list(value: object) -> list[str]:
    """A field's value -> its paragraphs."""
    if value is None:
        return []
    return value if isinstance(value, list) else [str(value)]


def _plain(article, language: str) -> Record:
    """A plain-layout article element -> its record."""
    title = next((_text(s) for s in article.iter("span")
                  if (s.get("class") or "").endswith("Headline")), "")
    author = next((_text(d) for d in article.iter("div") if d.get("class") == "author"), "")
    divs = [_text(d) for d in article.iter("div") if not d.attrib]
    count = next((i for i, d in enumerate(divs) if WORD_COUNT.match(d)), None)
    date = divs[count + 1] if count is not None and count + 1 < len(divs) else ""
    source = divs[count + 2] if count is not None and count + 2 < len(divs) else ""
    paragraphs = [_text(p) for p in article.iter("p")
                  if "articleParagraph" in (p.get("class") or "")]
    plain = [_text(p) for p in article.iter("p") if not p.attrib and _text(p)]
    accession = next((m for p in reversed(plain) if (m := ACCESSION.match(p))), None)
    section = divs[0] if count and count > 0 else ""
    return dict.fromkeys(FIELDS, "") | {
        "text": _body(paragraphs), "title": title, "outlet": source, "author": author,
        "published": export_date(date, language),
        "uid": f"factiva:{accession.group(1)}" if accession else "",
        "note": f"section: {section}" if section else ""}


def read_factiva_html(path: Path, encoding: str, used: set[str]) -> Iterator[Record]:
    """A Factiva HTML export -> one record per article ("article N", counted from 1)."""
    import lxml.html
    html, name = decode(path.read_bytes(), encoding)
    used.add(name)
    tree = lxml.html.fromstring(html.encode("utf-8"),
                                parser=lxml.html.HTMLParser(encoding="utf-8"))
    articles = [d for d in tree.iter("div") if ARTICLE_CLASS.search(d.get("class") or "")]
    if not articles:
        raise FormatError(f"{path}: no Factiva article blocks (div.article xxArticle)")
    for n, article in enumerate(articles, 1):
        language = ARTICLE_CLASS.search(article.get("class")).group(1)
        coded = any((td.get("class") or "") == "index" for td in article.iter("td"))
        record = (_coded if coded else _plain)(article, language)
        yield record | {"where": f"article {n}"} if record["text"] else \
            {"where": f"article {n}", "skip": "no article text"}


def _local(tag: object) -> str:
    """An XML tag (maybe namespaced) -> its local name."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _xml_record(article) -> Record:
    """A Factiva XML ``article`` element -> its record."""
    parts = {_local(child.tag): child for child in article}

    def paragraphs(name: str) -> list[str]:
        node = parts.get(name)
        if node is None:
            return []
        paras = [p for p in node if _local(p.tag) == "paragraph"]
        return [" ".join(_text(p).split()) for p in paras] if paras else \
            ["".join(node.itertext()).strip()]
    date = parts.get("publicationDate")
    stamp = next((c.text or "" for c in date if _local(c.tag) in ("dateTime", "date")), "") \
        if date is not None else ""
    language = (parts["baseLanguage"].text or "").lower() if "baseLanguage" in parts else None
    value = lambda name: _text(parts[name]) if name in parts else ""      # noqa: E731
    return dict.fromkeys(FIELDS, "") | {
        "text": _body(paragraphs("leadParagraph") + paragraphs("tailParagraphs")),
        "title": " ".join(paragraphs("headline")), "outlet": value("sourceName"),
        "author": value("byline") or value("author"),
        "published": stamp.strip() if re.match(r"\d{4}-\d\d-\d\d", stamp.strip())
        else export_date(stamp, language),
        "uid": f"factiva:{value('accessionNo')}" if value("accessionNo") else ""}


def read_factiva_xml(path: Path, used: set[str]) -> Iterator[Record]:
    """A Factiva XML export -> one record per article, read as a stream."""
    from lxml import etree
    used.add("xml")
    n = 0
    try:
        for _, element in etree.iterparse(str(path), events=("end",), recover=False,
                                          resolve_entities=False, no_network=True):
            if _local(element.tag) != "article":
                continue
            n += 1
            record = _xml_record(element)
            element.clear()
            yield record | {"where": f"article {n}"} if record["text"] else \
                {"where": f"article {n}", "skip": "no article text"}
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"{path}: broken XML after article {n} ({exc})") from None
    if n == 0:
        raise FormatError(f"{path}: no Factiva article elements")


def read_factiva(path: Path, encoding: str, used: set[str]) -> Iterator[Record]:
    """A Factiva export, XML or HTML -> its records."""
    with open(path, "rb") as handle:
        start = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    is_xml = start.startswith(b"<?xml") and b"<html" not in start.lower()
    return read_factiva_xml(path, used) if is_xml else read_factiva_html(path, encoding, used)
