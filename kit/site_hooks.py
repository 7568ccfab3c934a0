"""MkDocs hooks: the site side of the kit. Validates content with the same loader and schema as the PDF build,
adds the contacts lists and the kit download links, marks fallback pages, and self-hosts the font."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # hooks are loaded as files, not as a package

import fontpkg
from babel.numbers import format_decimal
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from kit.apparatus import split
from kit.build import KITS_DIR, read_manifest
from kit.check import run_checks
from kit.config import SiteConfig, load_config
from kit.contacts import help_bar, render_contacts
from kit.content import Content, is_outdated
from kit.csp import POLICY, site_problems
from kit.downloads import render_downloads
from kit.editions import ChangedPage, changed_pages, previous_edition
from kit.glossary import render_glossary
from kit.markdown import localize_footnotes, unsafe_html
from kit.openitems import for_readers, only_for_survivors
from kit.phones import keep_numbers_whole
from kit.print.render import FONT_FAMILY
from kit.search import split_search_index
from kit.site_files import split_sitemap, write_not_found_pages
from kit.strings import load_strings

_state: dict[str, Any] = {}


def _kit() -> tuple[SiteConfig, Content]:
    return _state["cfg"], _state["content"]


def _language(config: Any) -> str:
    return config.theme["language"]


def on_config(config: Any) -> Any:
    if "cfg" not in _state:
        cfg = load_config(Path(config.config_file_path).resolve().parent)
        problems, content = run_checks(cfg)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise PluginError("the content has problems:\n" + "\n".join(map(str, errors)))
        previous = previous_edition(cfg.root)
        changes = changed_pages(cfg.root, previous) if previous else []
        _state.update(cfg=cfg, content=content, previous=previous, changes=changes)
        # Site names and section titles per language come from strings/<lang>.yml, not from mkdocs.yml.
        for lang_config in config.plugins["i18n"].config.languages:
            strings = load_strings(lang_config.locale, cfg.root)
            lang_config.site_name = strings["site_name"]
            lang_config.nav_translations = {cfg.sections[f]: strings["countries"][f] for f in cfg.sections}
    return config


def _help(folder: str | None, lang: str) -> dict[str, Any]:
    cfg, content = _kit()
    return help_bar(content.contacts, list(cfg.countries), folder, lang)


def _page_url(files: Any, lang: str, rel: str) -> str:
    """The address of a page of this language (or its English fallback), in the layout being built."""
    for candidate in (f"{lang}/{rel}", f"{_kit()[0].default_language}/{rel}"):
        file = files.get_file_from_path(candidate)
        if file is not None:
            return file.url
    return ""


def on_env(env: Any, config: Any, files: Any) -> Any:
    """What every page's frame needs in its language: the exit control, the help bar, the policy."""
    cfg, _ = _kit()
    lang = _language(config)
    _state["homes"] = _homes(config)
    env.globals["kit"] = {
        "s": load_strings(lang, cfg.root),
        "csp": POLICY,
        "safety_url": _page_url(files, lang, "safety.md"),
        "help": _help(None, lang),
        "language_root": "" if lang == cfg.default_language else f"/{lang}",
        "homes": _state["homes"],
    }
    return env


def _homes(config: Any) -> list[dict[str, str]]:
    """Every language's home page (the folder layout: the default language at the root), as absolute paths: the
    404 page is served at any address."""
    cfg, _ = _kit()
    site_path = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    return [
        {
            "lang": code,
            "name": load_strings(code, cfg.root)["language_name"],
            "url": site_path + ("" if code == cfg.default_language else f"{code}/"),
        }
        for code in cfg.language_codes
    ]


def on_pre_template(template: Any, template_name: str, config: Any) -> Any:
    """The 404 page's language selector leads to each language's home (mkdocs-static-i18n leaves it on whatever
    page was rendered last); the theme's value is put back after the page (on_post_template)."""
    if template_name == "404.html":
        # mkdocs-static-i18n sets it as an attribute, which Jinja reads before the item: set it the same way.
        _state["alternate"] = getattr(config.extra, "alternate", None)
        homes = _state.get("homes", [])
        config.extra.alternate = [{"name": h["name"], "link": h["url"], "lang": h["lang"]} for h in homes]
    return template


def on_post_template(output: str, template_name: str, config: Any) -> str:
    if template_name == "404.html":
        _state.setdefault("not_found", {})[_language(config)] = output
        config.extra.alternate = _state.pop("alternate", None)
    return output


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    cfg, content = _kit()
    lang = _language(config)
    rel = page.file.src_uri.split("/", 1)[1]
    source_lang = page.file.src_uri.split("/", 1)[0]
    strings = load_strings(lang, cfg.root)
    english = content.page(cfg.default_language, rel)
    translation = content.page(source_lang, rel)
    page.meta["kit_language_root"] = "" if lang == cfg.default_language else f"/{lang}"
    page.meta["kit_fallback"] = source_lang != lang
    page.meta["kit_notice"] = strings["fallback_notice"]
    page.meta["kit_outdated"] = bool(translation and is_outdated(translation, english))
    page.meta["kit_outdated_notice"] = strings["outdated_notice"]
    page.meta["kit_strings"] = {"last_reviewed": strings["last_reviewed"], "sources": strings["sources"]}
    folder = rel.split("/", 1)[0] if "/" in rel else None
    page.meta["kit_help"] = _help(folder, lang)
    if translation:  # open items become what readers see (the same function as the kits)
        markdown = for_readers(markdown, source_lang, only_for_survivors(translation.meta.audience))
    if translation and translation.meta.topic == "contacts" and folder in content.contacts:
        markdown += "\n\n" + render_contacts(content.contacts[folder], source_lang) + "\n"
    if translation and translation.meta.topic == "glossary" and content.glossary:
        markdown += "\n\n" + render_glossary(content.glossary, source_lang, cfg.language_codes)
    if translation and translation.meta.topic == "in-brief" and folder in cfg.countries:
        # After the text: a survivor's page starts with "In danger now?" and whom to call, not with a download.
        downloads = render_downloads(read_manifest(cfg.root), folder, lang, strings, lambda n: _size(n, lang))
        if downloads:
            markdown += f"\n\n{downloads}\n"
    if translation:
        page.meta["kit_edition_line"] = _edition_line(translation.path, translation.meta.topic, folder, strings)
    return markdown


def _edition_line(path: Path, topic: str | None, folder: str | None, strings: dict[str, Any]) -> str:
    """Whether the page's text changed since the printed edition readers may hold ("" when there is none). A
    contacts page changes with its contacts file, the glossary page with the glossary."""
    previous = _state.get("previous")
    if not previous:
        return ""
    changes: list[ChangedPage] = _state["changes"]
    rel = path.resolve().relative_to(_kit()[0].root.resolve()).as_posix()
    changed = any(
        c.path == rel
        or (topic == "contacts" and c.lang is None and c.country is not None and c.country == folder)
        or (topic == "glossary" and c.lang is None and c.country is None)
        for c in changes
    )
    key = "edition_changed" if changed else "edition_unchanged"
    return strings[key].format(edition=previous.removeprefix("edition-"))


def _size(num: int, lang: str) -> str:
    megabytes = format_decimal(max(num / 1024 / 1024, 0.1), format="0.0", locale=lang)
    return load_strings(lang)["size_mb"].format(size=megabytes)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    problems = unsafe_html(html)
    if problems:
        raise PluginError(f"{page.file.src_uri}: unsafe HTML in the output: {', '.join(problems)}")
    cfg, content = _kit()
    # a page shown in English (not yet translated) is marked lang="en": its footnote titles are English too
    lang = page.file.src_uri.split("/", 1)[0] if page.meta.get("kit_fallback") else _language(config)
    html = keep_numbers_whole(localize_footnotes(html, load_strings(lang, cfg.root)["footnote_backlink"]))
    source = content.page(*page.file.src_uri.split("/", 1))
    if source is None:
        return html
    # Text first: the notes leave the text and join the sources under one disclosure (overrides/main.html).
    html, apparatus = split(html, list(source.meta.sources))
    strings = load_strings(_language(config), cfg.root)
    page.meta["kit_apparatus"] = {
        "label": strings["apparatus"].format(count=apparatus.count),
        "notes_label": strings["notes"],
        "notes": [{"id": note_id, "html": note} for note_id, note in apparatus.notes],
        "sources": [
            {"title": s.title, "url": str(s.url), "accessed": s.accessed.isoformat(), "lang": s.lang,
             "title_lang": s.title_lang(lang)}
            for s in apparatus.sources
        ],
    }  # fmt: skip
    return html


@event_priority(-200)  # after mkdocs-static-i18n (-100), which builds the other languages inside the first build
def on_post_build(config: Any) -> None:
    """Once per language: the font (shared) and this language's kits in <lang>/downloads/; at the very end,
    one search index per language."""
    cfg, _ = _kit()
    i18n = config.plugins["i18n"]
    # The outer build is the default language's; by now the inner builds have left their language in the config.
    lang = config.theme["language"] if i18n.building else cfg.default_language
    site_dir = Path(config.site_dir)
    fonts = site_dir / "assets" / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for font in Path(fontpkg.path(FONT_FAMILY)).parent.glob("*.ttf"):
        shutil.copy2(font, fonts / font.name)
    downloads = site_dir / ("" if lang == cfg.default_language else lang) / "downloads"
    for kit in sorted((cfg.root / KITS_DIR / lang).glob("fiit-*.pdf")):  # every product and variant
        downloads.mkdir(parents=True, exist_ok=True)
        shutil.copy2(kit, downloads / kit.name)
    if not i18n.building:
        split_search_index(site_dir, cfg.default_language, list(cfg.language_codes))
        write_not_found_pages(site_dir, cfg.default_language, _state.pop("not_found", {}))
        split_sitemap(site_dir, config.site_url or "", cfg.default_language, list(cfg.language_codes))
        problems = site_problems(site_dir)
        if problems:
            raise PluginError("pages that break the Content-Security-Policy:\n" + "\n".join(problems))
