"""The pocket guide for survivors: A6, 8 to 16 pages, always a multiple of 4 (padded with ruled "Notes" pages).

Chosen by front matter, never copied by hand: the country's survivors' page (topic `in-brief`), the numbers of its
contacts file, and the key sections of the survivors' safety page (topic `safety`). Discreet outside: the covers
show a neutral title, the QR code, role labels and numbers, never a contact's name (names often say
"trafficking"). No footnotes: each part ends with one line pointing to its page online, where the sources are.
Rendered by kit/print/render.py like every product; independent of MkDocs.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any

from kit.apparatus import split, without_references
from kit.config import SiteConfig
from kit.content import Content, Page
from kit.editions import colophon
from kit.jinja import PRINT_TEMPLATES, environment
from kit.markdown import html_ids, render, unsafe_html
from kit.openitems import for_readers
from kit.phones import country_region, keep_numbers_whole, national_form
from kit.print.qr import qr_svg
from kit.print.render import KitError, font_faces
from kit.print.wallet_card import outside_numbers
from kit.schema import ContactsFile
from kit.strings import load_strings

STYLESHEET = PRINT_TEMPLATES / "pocket-guide.css"  # over base.css
MIN_PAGES, MAX_PAGES = 8, 16
# The sections of the safety page a paper guide needs (their anchors are the same in every language): the key
# points, and what to do with a printed or downloaded kit. The rest is about the browser and is online.
SAFETY_SECTIONS = ("in-short", "downloaded-and-printed-kits")
CALL_KINDS = ("hotline", "emergency", "ngo", "other")  # the contacts a survivor may call, in this order
H2 = re.compile(r"^## ", re.M)
FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]]+\]:.*(?:\n(?: {4}|\t).*)*", re.M)
PAGE_LINK = re.compile(r"\]\((?![a-z]+:|#)[^)\s]*\.md(?:#[^)\s]*)?\)")
ID_ATTR = re.compile(r'\bid="([^"]+)"')
HREF_ATTR = re.compile(r'<a\b([^>]*?)\shref="([^"]*)"([^>]*)>(.*?)</a>', re.S)
IMG_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]+)"')


@dataclass
class Part:
    """One part of the guide: a page's text (or the numbers to call) under its own title."""

    slug: str
    title: str
    html: str
    web_address: str  # the page online, where the sources are
    lang: str  # the language of the text (English when the page is not translated yet)


def survivors_page(cfg: SiteConfig, content: Content, lang: str, folder: str | None, topic: str) -> Page | None:
    """The page of `folder` (None: the top of the language folder) with `topic` written for survivors, in `lang`
    or else in English, in the order of the site's navigation."""
    for entry in cfg.nav:
        english = content.page(cfg.default_language, entry.path)
        if entry.folder != folder or english is None:
            continue
        if english.meta.topic == topic and "survivors" in english.meta.audience:
            return content.page(lang, entry.path) or english
    return None


def sections(body: str) -> list[str]:
    """The Markdown in blocks: what comes before the first `## ` heading, then each `## ` section."""
    starts = [0, *(m.start() for m in H2.finditer(body))]
    return [body[a:b] for a, b in zip(starts, [*starts[1:], len(body)], strict=True) if body[a:b].strip()]


def is_navigation(section: str) -> bool:
    """A section that only lists links to other pages of the site ("Read more"): on paper the QR code does that."""
    lines = [line for line in section.splitlines()[1:] if line.strip()]
    items = [line for line in lines if re.match(r"\s*[-*+] ", line)]
    return bool(items) and all(PAGE_LINK.search(item) for item in items) and lines[0] in items


def _pocket_body(page: Page, keep: tuple[str, ...] | None) -> str:
    """The page's Markdown for the guide: the sections whose anchor is in `keep` (all but navigation when None),
    with every footnote definition, so that note references still resolve before the notes are taken out."""
    notes = FOOTNOTE_DEFINITION.findall(page.body)
    body = FOOTNOTE_DEFINITION.sub("", page.body)
    blocks = sections(body)
    if keep is None:
        chosen = [b for b in blocks if not (b.startswith("## ") and is_navigation(b))]
    else:
        chosen = [b for b in blocks if any(f"{{#{anchor}}}" in b.split("\n", 1)[0] for anchor in keep)]
        if len(chosen) != len(keep):
            raise KitError(f"{page.path}: the pocket guide needs the sections {', '.join(keep)} "
                           "(headings ending in {#…}); restore their anchors")  # fmt: skip
    return "\n\n".join([*(b.strip("\n") for b in chosen), *notes]) + "\n"


def _rewrite(html: str, slug: str, page: Page, cfg: SiteConfig, lang: str) -> str:
    """Ids unique in the guide; links to what the guide holds stay inside it, links to other pages and sections
    become their web address, printed after the text (the reader of paper cannot follow a link)."""
    ids = html_ids(html)
    html = ID_ATTR.sub(lambda m: f'id="{slug}--{m.group(1)}"', html)

    def link(match: re.Match[str]) -> str:
        before, href, rest, text = match.groups()
        css = ""
        if href.startswith("#") and href[1:] in ids:
            href = f"#{slug}--{href[1:]}"
        elif href.startswith("#"):
            href, css = cfg.page_url(lang, page.rel, href[1:]), ' class="show-url"'
        elif re.match(r"^[a-z]+:", href):
            css = ' class="show-url"' if href.startswith("https:") and text.strip() != href else ""
        else:
            path, _, anchor = href.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path)) if path else page.rel
            href, css = cfg.page_url(lang, target, anchor), ' class="show-url"'
        return f'<a{before} href="{href}"{css}{rest}>{text}</a>'

    def image(match: re.Match[str]) -> str:  # relative to the page's folder; the fetcher still has the last word
        return f'{match.group(1)}{(page.path.parent / match.group(2)).resolve().as_uri()}"'

    return IMG_SRC.sub(image, HREF_ATTR.sub(link, html))


def page_part(page: Page, keep: tuple[str, ...] | None, cfg: SiteConfig, lang: str) -> Part:
    """A page as a part of the guide: open items as survivors see them, without its notes."""
    body = for_readers(_pocket_body(page, keep), page.lang, survivors=True)
    html = render(body, cfg)
    problems = unsafe_html(html)
    if problems:
        raise KitError(f"{page.path}: unsafe HTML in the output: {', '.join(problems)}")
    html, _ = split(html, list(page.meta.sources))  # the notes and sources are online
    slug = page.slug
    html = _rewrite(keep_numbers_whole(without_references(html)), slug, page, cfg, lang)
    return Part(slug, page.meta.title, html, cfg.page_url(lang, page.rel), page.lang)


def contacts_view(contacts: ContactsFile, lang: str, region: str | None) -> list[dict[str, Any]]:
    """The contacts a survivor may call (with a phone), hotlines first, numbers as dialled in the country."""
    found = []
    for kind in CALL_KINDS:
        for contact in (c for c in contacts.contacts if c.kind == kind and c.phone):
            name, name_lang = contact.name_in(lang)
            description, description_lang = contact.description.get(lang)
            hours, hours_lang = contact.hours.get(lang) if contact.hours else (None, lang)
            found.append({
                "name": name, "name_lang": name_lang or lang,
                "description": for_readers(description, description_lang, survivors=True, markdown=False),
                "description_lang": description_lang,
                "hours": for_readers(hours, hours_lang, survivors=True, markdown=False) if hours else None,
                "hours_lang": hours_lang,
                "phone": national_form(contact.phone or "", region), "tel": contact.tel or "",
            })  # fmt: skip
    return found


def _html(cfg: SiteConfig, content: Content, country: str, lang: str, print_shop: bool, notes_pages: int) -> str:
    s = load_strings(lang, cfg.root)
    where = s["help_where"][country]
    in_brief = survivors_page(cfg, content, lang, country, "in-brief")
    safety = survivors_page(cfg, content, lang, None, "safety")
    if in_brief is None or country not in content.contacts:
        raise KitError(f"content/{cfg.default_language}/{country}/: the pocket guide needs the country's page for "
                       f"survivors (topic: in-brief) and content/contacts/{country}.yml")  # fmt: skip
    region = country_region(content, country)
    contacts = content.contacts[country]
    parts = [page_part(in_brief, None, cfg, lang)]
    calls = (
        environment()
        .get_template("pocket-guide-contacts.html.j2")
        .render(s=s, lang=lang, contacts=contacts_view(contacts, lang, region))
    )
    parts.append(Part("numbers", s["pocket_numbers"], calls, cfg.page_url(lang, f"{country}/contacts.md"), lang))
    if safety is not None:
        parts.append(page_part(safety, SAFETY_SECTIONS, cfg, lang))
    outside = outside_numbers(content, country, s)  # the back cover is outside: the card's numbers
    web_address = cfg.page_url(lang, f"{country}/index.md")
    ed = colophon(cfg.root, lang)
    edition = (
        f"{s['edition']} {ed['edition']}"
        if ed["released"]
        else s["colophon_edition"].format(date=ed["date"], commit=ed["commit"])
    )
    return (
        environment()
        .get_template("pocket-guide.html.j2")
        .render(
            lang=lang,
            s=s,
            title=s["card_title"].format(where=where),
            fonts=font_faces(),
            parts=parts,
            outside=outside,
            web_address=web_address,
            qr=qr_svg(web_address, s["card_qr_alt"]),
            edition=edition,
            notes_pages=notes_pages,
            print_shop=print_shop,
        )
    )


def guide_document(
    cfg: SiteConfig, content: Content, country: str, lang: str, print_shop: bool = False, padding: int = 0
) -> str:
    """The guide as one HTML document, with `padding` "Notes" pages before the back cover (kit/print/render.py:
    write_padded_pdf chooses it: a multiple of 4, 8 to 16 pages, products.py)."""
    return _html(cfg, content, country, lang, print_shop, padding)
