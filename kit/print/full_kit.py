"""The full kit: the chosen pages of a country, in the order of the site's navigation → one HTML document (Jinja2).
Rendered by kit/print/render.py; independent of MkDocs."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from kit.apparatus import Apparatus, split, without_references
from kit.config import SHARED_PART, SiteConfig
from kit.contacts import help_numbers, render_contacts
from kit.content import Content, Page, is_outdated
from kit.editions import colophon
from kit.glossary import render_glossary
from kit.jinja import PRINT_TEMPLATES, environment
from kit.markdown import localize_footnotes, render, unsafe_html
from kit.openitems import for_readers, only_for_survivors
from kit.phones import keep_numbers_whole
from kit.print.qr import qr_svg
from kit.print.render import KitError, font_faces
from kit.strings import load_strings

STYLESHEET = PRINT_TEMPLATES / "full-kit.css"  # over base.css
ID_ATTR = re.compile(r'\bid="([^"]+)"')
IMG_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]+)"')
NOTE_HTML = re.compile(r'<li id="([^"]+)">(.*?)</li>', re.S)
HREF_ATTR = re.compile(r'<a\b([^>]*?)\shref="([^"]*)"([^>]*)>(.*?)</a>', re.S)


@dataclass
class Chapter:
    page: Page
    slug: str
    part: str | None  # the folder of a country or of the EU part; None for glossary and about
    in_english: bool  # the page is missing in the kit's language
    outdated: bool  # the English page changed after this translation was made
    html: str = ""
    apparatus: Apparatus = field(default_factory=Apparatus)
    web_address: str = ""  # the page online, where survivors' chapters send readers for the sources
    qr: str = ""  # the same address as a small QR code at the chapter's start

    @property
    def shared(self) -> bool:
        """The same in every country's kit of a language: the EU part, glossary and about."""
        return self.part in (SHARED_PART, None)

    @property
    def for_survivors(self) -> bool:
        return only_for_survivors(self.page.meta.audience)


def kit_rels(cfg: SiteConfig, content: Content, country: str) -> list[str]:
    """The pages of a country's kit, in the order of the site's navigation."""
    rels = []
    for entry in cfg.nav:
        page = content.page(cfg.default_language, entry.path)
        if entry.folder in (country, SHARED_PART):
            rels.append(entry.path)
        elif entry.folder is None and page and page.meta.topic in ("glossary", "about"):
            rels.append(entry.path)
    return rels


def chapters(cfg: SiteConfig, content: Content, country: str, lang: str) -> list[Chapter]:
    result = []
    for rel in kit_rels(cfg, content, country):
        english = content.page(cfg.default_language, rel)
        page = content.page(lang, rel) or english
        if page is None:
            raise KitError(f"content/{cfg.default_language}/{rel}: listed in the nav of mkdocs.yml but missing")
        outdated = is_outdated(page, english)
        slug = rel.removesuffix(".md").replace("/", "-")
        result.append(Chapter(page, slug, page.folder, page.lang != lang, outdated))
    return result


def _rewrite(html: str, chapter: Chapter, slugs: dict[str, str], cfg: SiteConfig, lang: str) -> str:
    """Make ids unique in the kit; links to pages in the kit become in-PDF links, others web addresses."""
    rel = chapter.page.rel
    html = ID_ATTR.sub(lambda m: f'id="{chapter.slug}--{m.group(1)}"', html)

    def link(match: re.Match[str]) -> str:
        before, href, rest, text = match.groups()
        css = ""
        if href.startswith("#"):
            href = f"#{chapter.slug}--{href[1:]}"
        elif re.match(r"^[a-z]+:", href):
            if href.startswith("https:") and text.strip() != href:
                css = ' class="show-url"'  # the address is printed after the text
        else:
            path, _, anchor = href.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path)) if path else rel
            if target in slugs:
                href = f"#{slugs[target]}--{anchor}" if anchor else f"#{slugs[target]}"
            else:
                href = cfg.page_url(lang, target, anchor)
                css = ' class="show-url"'
        return f'<a{before} href="{href}"{css}{rest}>{text}</a>'

    def image(match: re.Match[str]) -> str:  # relative to the page's folder; the fetcher still has the last word
        return f'{match.group(1)}{(chapter.page.path.parent / match.group(2)).resolve().as_uri()}"'

    return IMG_SRC.sub(image, HREF_ATTR.sub(link, html))


def chapter_html(chapter: Chapter, content: Content, slugs: dict[str, str], cfg: SiteConfig, lang: str) -> str:
    """The chapter's text; its notes and sources go to `chapter.apparatus` (text first, apparatus after)."""
    page = chapter.page
    body = for_readers(page.body, page.lang, chapter.for_survivors)
    if page.meta.topic == "glossary" and content.glossary:
        body += "\n\n" + render_glossary(content.glossary, page.lang, cfg.language_codes)
    html = render(body, cfg)
    if page.meta.topic == "contacts" and page.folder in content.contacts:
        html += "\n" + render_contacts(content.contacts[page.folder], page.lang)
    problems = unsafe_html(html)
    if problems:
        raise KitError(f"{page.path}: unsafe HTML in the output: {', '.join(problems)}")
    html = keep_numbers_whole(localize_footnotes(html, load_strings(page.lang, cfg.root)["footnote_backlink"]))
    html, chapter.apparatus = split(html, list(page.meta.sources))
    if chapter.for_survivors:  # the notes are online: one line at the chapter's end says where
        html = without_references(html)
    chapter.web_address = cfg.page_url(lang, page.rel)
    notes = "".join(f'<li id="fn:{note_id}">{note}</li>' for note_id, note in chapter.apparatus.notes_for_print())
    # rewritten with the text, so that note numbers link to their notes inside the kit
    text, _, notes = _rewrite(html + "\n<!--notes-->\n" + notes, chapter, slugs, cfg, lang).partition(
        "\n<!--notes-->\n"
    )
    chapter.apparatus.notes = [(m.group(1), m.group(2)) for m in NOTE_HTML.finditer(notes)]
    return text


def changed_chapters(chaps: list[Chapter], changes: dict[str, Any], country: str) -> list[Chapter]:
    """The chapters of this kit changed since the previous edition (kit/editions.py `colophon`): their page in
    the kit's language, the country's contacts (its contacts chapter) or the glossary."""
    pages = {c.rel for c in changes["pages"]}
    contacts = country in changes["contacts"]
    return [c for c in chaps if c.page.rel in pages or (contacts and c.page.meta.topic == "contacts"
            and c.part == country) or (changes["glossary"] and c.page.meta.topic == "glossary")]  # fmt: skip


@dataclass
class KitSource:
    """A kit's chapters, made into HTML once, and the rest of what its template needs: `html` makes the whole kit
    or one block of it (kit/print/shared_layout.py lays blocks out separately)."""

    cfg: SiteConfig
    lang: str
    chapters: list[Chapter]
    values: dict[str, Any]  # for full-kit.html.j2

    def html(
        self, chapters: list[Chapter] | None = None, front: bool = True, back: bool = True, padding: int = 0,
        toc_pages: dict[str, int] | None = None,
    ) -> str:  # fmt: skip
        """The kit, or its `front` (cover, colophon, contents), some `chapters`, its `back` (`padding` Notes pages
        and the back cover). `toc_pages`: the contents' page numbers, written out (a block laid out apart from the
        chapters cannot count their pages); without them WeasyPrint counts them (the kit laid out whole). A block
        without the front is neutral: no title or date of its kit, so that every kit of the language can share it."""
        shown = self.chapters if chapters is None else chapters
        values = {
            **self.values,
            "shown": shown,
            "front": front,
            "back": back,
            "padding": padding,
            "toc_pages": toc_pages,
        }
        return str(environment().get_template("full-kit.html.j2").render(**values))

    def blocks(self) -> list[tuple[bool, list[Chapter]]]:
        """The chapters in runs of the same kind: (shared by every kit of the language, the run's chapters)."""
        runs: list[tuple[bool, list[Chapter]]] = []
        for chapter in self.chapters:
            if runs and runs[-1][0] == chapter.shared:
                runs[-1][1].append(chapter)
            else:
                runs.append((chapter.shared, [chapter]))
        return runs

    def own_addresses(self) -> dict[str, str]:
        """The web address of each of the country's own chapters → its anchor in the kit."""
        return {self.cfg.page_url(self.lang, c.page.rel): c.slug for c in self.chapters if not c.shared}


def prepare_kit(
    cfg: SiteConfig, content: Content, country: str, lang: str, edition: dict[str, str], print_shop: bool = False
) -> KitSource:
    """The kit's chapters as HTML. A shared chapter (the EU part, glossary, about) links to the country's chapters
    by their web address, the same in every kit; kit/print/compose.py makes those in-PDF links in the country's kit."""
    strings = load_strings(lang, cfg.root)
    chaps = chapters(cfg, content, country, lang)
    slugs = {c.page.rel: c.slug for c in chaps}
    shared_slugs = {c.page.rel: c.slug for c in chaps if c.shared}
    for chapter in chaps:
        chapter.html = chapter_html(chapter, content, shared_slugs if chapter.shared else slugs, cfg, lang)
        chapter.qr = qr_svg(chapter.web_address, strings["chapter_qr_alt"].format(url=chapter.web_address))
    changes = colophon(cfg.root, lang)
    before, _, rest = strings["page_of"].partition("{page}")
    between, _, after = rest.partition("{pages}")
    contacts = content.contacts.get(country)
    values = dict(
        lang=lang,
        s=strings,
        country_name=strings["countries"][country],
        title=f"{strings['kit_title']}: {strings['countries'][country]}",
        chapters=chaps,
        parts={**strings["countries"]},
        fonts=font_faces(),
        page_label=(before, between, after),
        web_address=cfg.page_url(lang, f"{country}/index.md"),
        qr=qr_svg(cfg.page_url(lang, f"{country}/index.md"), strings["card_qr_alt"]),
        edition=edition,
        previous=changes["previous"],
        changed=changed_chapters(chaps, changes, country) if changes["previous"] else [],
        help=help_numbers(contacts, lang) if contacts else [],
        outdated=[c for c in chaps if c.outdated],
        print_shop=print_shop,
    )
    return KitSource(cfg, lang, chaps, values)


def kit_document(
    cfg: SiteConfig, content: Content, country: str, lang: str, edition: dict[str, str], padding: int = 0,
    print_shop: bool = False,
) -> tuple[str, list[Chapter]]:  # fmt: skip
    """The kit as one HTML document, with `padding` "Notes" pages before the back cover (chosen so that the page
    count is a multiple of 4) and, for a print shop, 3 mm bleed and crop marks."""
    source = prepare_kit(cfg, content, country, lang, edition, print_shop)
    return source.html(padding=padding), source.chapters
