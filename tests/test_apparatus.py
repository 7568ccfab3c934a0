"""Open items instead of editing notes, text first and apparatus after, and the numbered-list pitfall (issue 10,
items 3, 4 and 8): on the checks, on the built site and on the built kits."""

from __future__ import annotations

import html as htmllib
import re
import subprocess
import sys
from functools import cache

import pytest
import yaml
from built import KITS, kit_path, site_file
from pdfkit import Kit

from kit.config import config
from kit.markdown import scan
from kit.openitems import MARKER, OLD_NOTES, findings, for_readers
from kit.strings import load_strings

# The editing notes of the old way, as the content wrote them in each language.
EDITING_NOTES = re.compile("|".join(r.pattern for r in OLD_NOTES.values()), re.I)


# --- 8. Markdown pitfalls ---


def test_a_line_that_would_become_a_numbered_list_is_reported_with_the_fix():
    text = (
        "Intro.\n\n2024. május 28-án az Alkotmánytanács döntött.\n\n"  # 3: a paragraph that starts with a year
        "- 2016. január 1. óta\n"  # 5: a list item that starts with a year
        "- second item\n"
        "  2026. július 15-ig\n\n"  # 7: a continuation line of a list item
        "1. one\n2. two\n3. three\n\n"  # a real numbered list: fine
        "Text that goes on\n2025. Many points.\n\n"  # inside a paragraph Markdown keeps it: fine
        "2024\\. május, escaped.\n"
    )
    found = [f for f in scan(text)[1] if "numbered list" in f.message]
    assert [f.line for f in found] == [3, 5, 7]
    assert "2024." in found[0].message and "2024\\." in found[0].fix


def test_check_reports_the_pitfall_with_file_and_line(mini_repo):
    from kit.check import run_checks

    page = mini_repo.root / "content/en/belgium/legal.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n2024. May was the month.\n", encoding="utf-8")
    problems, _ = run_checks(mini_repo)
    found = [p for p in problems if "numbered list" in p.message]
    lines = page.read_text(encoding="utf-8").splitlines()
    assert [(p.file.endswith("content/en/belgium/legal.md"), p.line) for p in found] == [(True, len(lines))]
    assert str(found[0]).startswith(f"{found[0].file}:{len(lines)}: ") and "\\." in found[0].fix


def test_the_hungarian_pages_render_their_years():
    expected = {
        "hu/belgium/legal/index.html": "2017. május 20. óta",
        "hu/france/legal/index.html": "2024. május 28-án",
        "hu/france/economic/index.html": "2024. január 1. óta",
        "hu/france/psychosocial/index.html": "2016. január 1. óta",
    }
    for path, words in expected.items():
        assert words in page_text(path), path


# --- 3. Open items ---


def test_readers_see_whom_to_ask_survivors_only_that():
    text = "Before. {? lawyer: whether the permit\n  can be renewed} After."
    hu = load_strings("hu")["open_item_ask"]["lawyer"]
    assert for_readers(text, "hu", survivors=True) == f"Before. {hu} After."
    shown = for_readers(text, "hu", survivors=False)
    assert shown.startswith("Before. *Ellenőrzés alatt:* whether the permit can be renewed.") and hu in shown
    assert for_readers("{? helpline}", "fr", survivors=False) == load_strings("fr")["open_item_ask"]["helpline"]
    assert "{?" not in for_readers("Phone: {? helpline: the number}", "it", survivors=True, markdown=False)
    cell = for_readers("| Permit | {? lawyer: how long it lasts} |", "fr", survivors=False)
    assert cell == f"| Permit | {load_strings('fr')['open_item_short']['lawyer']} |"  # short words in a table


def test_bad_open_items_and_the_old_way_are_refused():
    messages = [f.message for f in findings("**To be confirmed:** x.\n{? someone: y}\n{? lawyer: no end\n", "en")]
    assert any("'To be confirmed' is an editing note" in m for m in messages)
    assert any("kind 'someone'" in m for m in messages)
    assert any("not closed" in m for m in messages)
    assert findings("Mid {? lawyer: whether it is à confirmer in French} text.", "fr") == []  # the question may
    assert [f.line for f in findings("a\nb à confirmer", "fr")] == [2]


def test_check_refuses_an_editing_note_in_a_page_and_in_a_contacts_file(mini_repo):
    from kit.check import run_checks

    page = mini_repo.root / "content/en/belgium/legal.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n**To be confirmed:** the number.\n", encoding="utf-8")
    contacts = mini_repo.root / "content/contacts/belgium.yml"
    text = contacts.read_text(encoding="utf-8")
    text = re.sub(r"(\n\s+description:\n\s+en: )", r"\1Phone number to be confirmed. ", text, count=1)
    contacts.write_text(text, encoding="utf-8")
    problems, _ = run_checks(mini_repo)
    notes = [p for p in problems if "editing note" in p.message]
    assert {p.file.rsplit("/", 1)[-1] for p in notes} == {"legal.md", "belgium.yml"}, notes
    assert all(p.line and "{? " in p.fix for p in notes)


def test_status_lists_every_open_item_with_counts_per_country_and_language():
    cfg = config()
    result = subprocess.run(
        [sys.executable, "build_kit.py", "status", "--brief"], cwd=cfg.root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    counted = {}
    for line in result.stdout.splitlines():
        cells = line.split()
        if len(cells) == len(cfg.language_codes) + 2 and all(c.isdigit() for c in cells[1:]):
            counted[cells[0]] = [int(c) for c in cells[1:-1]]
    # counted independently: the markers in each language's pages, and in each language's texts of the contacts
    contacts = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (cfg.docs_dir / "contacts").glob("*.yml")]
    for i, lang in enumerate(cfg.language_codes):
        pages = sum(len(MARKER.findall(p.read_text(encoding="utf-8"))) for p in cfg.content_dir(lang).rglob("*.md"))
        texts = [
            (c.get(f) or {}).get(lang, "")
            for data in contacts
            for c in data["contacts"]
            for f in ("description", "hours")
        ]
        assert counted["total"][i] == pages + sum(len(MARKER.findall(t)) for t in texts) > 0
    assert set(cfg.countries) <= set(counted)


def test_status_names_the_table_cell_of_an_item_with_no_question(mini_repo):
    page = mini_repo.root / "content/en/belgium/legal.md"
    before = page.read_text(encoding="utf-8").rstrip("\n")
    table = (
        "\n\n| Permit | Legal basis | Duration |\n"
        "|---|---|---|\n"
        "| Residence permit[^9] | Law of 15 December 1980 | {? lawyer} |\n"
        "| Reflection period \\| 45 days | {? lawyer} | {? lawyer: whether it can be extended} |\n"
    )
    page.write_text(before + table, encoding="utf-8")
    first_row = len(before.splitlines()) + 4  # the blank line, the heading row, the separator
    result = subprocess.run(
        [sys.executable, "build_kit.py", "status", "--lang", "en"], cwd=mini_repo.root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    shown = [line.strip() for line in result.stdout.splitlines() if "content/en/belgium/legal.md:" in line]
    assert (
        f'content/en/belgium/legal.md:{first_row}  [lawyer]  table row "Residence permit", column "Duration"' in shown
    )
    # an escaped \\| stays inside its cell; a question is kept and the cell added after it
    assert (
        f'content/en/belgium/legal.md:{first_row + 1}  [lawyer]  table row "Reflection period \\| 45 days", '
        'column "Legal basis"' in shown
    )
    assert (
        f"content/en/belgium/legal.md:{first_row + 1}  [lawyer]  whether it can be extended "
        '(table row "Reflection period \\| 45 days", column "Duration")' in shown
    )
    assert "(no question written)" not in result.stdout


def built_pages() -> list[str]:
    return sorted(p.relative_to(config().site_dir).as_posix() for p in config().site_dir.rglob("*.html"))


@cache
def page_text(path: str) -> str:
    raw = site_file(path).read_text(encoding="utf-8")
    body = raw.split('data-md-component="content"', 1)[-1]
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(script|style)\b.*?</\1>", "", body)))


def test_no_editing_note_in_any_built_page():
    """The glossary too: its unconfirmed terms say so as a fact ("not yet found in an official text")."""
    shown = {}
    for path in built_pages():
        if path.startswith("search/"):
            continue
        text = page_text(path)
        if EDITING_NOTES.search(text) or "{?" in text:
            shown[path] = EDITING_NOTES.search(text) or "{?"
    assert shown == {}


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_no_editing_note_no_web_arrow_and_no_page_with_only_a_date_or_a_heading_in_a_kit(country, lang):
    pdf = Kit(kit_path(country, lang))
    strings = load_strings(lang)
    titles = {title for _, title, _ in pdf.outline()}
    footer = re.compile(re.escape(strings["page_of"]).replace(r"\{page\}", r"\d+").replace(r"\{pages\}", r"\d+"))
    date = re.compile(re.escape(strings["last_reviewed"]) + r": \d{4}-\d\d-\d\d")
    for number, text in enumerate(pdf.texts, start=1):
        assert "↩" not in text and "{?" not in text, f"page {number}"
        lines = [line.strip() for line in text.splitlines()]
        assert not EDITING_NOTES.search(text), f"page {number}: {EDITING_NOTES.search(text).group(0)}"
        if 1 < number < len(pdf.texts):  # not the covers
            body = [line for line in lines if line.strip("• ") and not footer.fullmatch(line) and line not in titles]
            assert len(body) >= 2 and not all(date.fullmatch(line) for line in body), f"page {number}: {body}"


# --- 4. Text first, apparatus after ---

NOTE_ITEM = re.compile(r'<li id="fn:[^"]+"[^>]*>(.*?)</li>', re.S)


@pytest.mark.parametrize("path", ["fr/belgium/index.html", "hu/hungary/index.html", "it/italy/legal/index.html"])
def test_notes_and_sources_are_one_closed_apparatus_after_the_text_without_repeats(path):
    raw = site_file(path).read_text(encoding="utf-8")
    lang = path.split("/", 1)[0]
    footer = raw.index('<footer class="kit-page-meta"')
    assert 'class="footnote"' not in raw[:footer]  # no note before the end of the text
    apparatus = raw[footer:]
    count = re.search(r'<details class="kit-apparatus" id="kit-sources">\s*<summary>([^<]+)</summary>', apparatus)
    assert count, "a closed disclosure"
    notes = NOTE_ITEM.findall(apparatus)
    sources = re.findall(r'<ul class="kit-sources"[^>]*>(.*?)</ul>', apparatus, re.S)
    source_urls = re.findall(r'href="([^"]+)"', sources[0]) if sources else []
    assert htmllib.unescape(count.group(1)) == load_strings(lang)["apparatus"].format(
        count=len(notes) + len(source_urls)
    )
    cited = htmllib.unescape(" ".join(notes))
    assert notes and all(htmllib.unescape(url).rstrip("/") not in cited for url in source_urls)  # none twice
    assert re.search(re.escape(load_strings(lang)["last_reviewed"]) + r": \d{4}", apparatus)


@pytest.mark.parametrize(("country", "lang"), [("hungary", "hu"), ("belgium", "fr"), ("italy", "it")])
def test_survivors_chapters_print_one_line_and_others_their_compact_notes(country, lang):
    pdf = Kit(kit_path(country, lang))
    strings = load_strings(lang)
    pages = {title: page for level, title, page in pdf.outline() if level == 1}
    titles = list(pages)
    online = strings["apparatus_online"].format(url="").strip()
    heading = re.compile(re.escape(strings["apparatus"]).replace(r"\{count\}", r"\d+"))  # "Sources and notes (12)"
    texts = pdf.texts
    starts = sorted(pages.values())
    chapters = {
        t: "\n".join(texts[p - 1 : next((s for s in starts if s > p), len(texts) + 1) - 1]) for t, p in pages.items()
    }
    first = next(t for t in titles if t.startswith(strings["countries"][country]))  # the "in brief" chapter
    assert online in chapters[first].replace("\n", " ") and not heading.search(chapters[first])
    legal = titles[titles.index(first) + 1]  # for survivors and professionals: its notes at its end
    assert heading.search(chapters[legal]) and online not in chapters[legal].replace("\n", " ")


SHARE = """() => {
  const article = document.querySelector('article.md-content__inner');
  const meta = document.querySelector('.kit-page-meta');
  return meta.getBoundingClientRect().height / article.getBoundingClientRect().height;
}"""


def test_at_360_px_the_apparatus_is_a_small_part_of_the_page_and_a_note_link_opens_it(browser, site_url):
    """Before this change notes and sources took 35-48 % of a country's "in brief" page at 360 px."""
    ctx = browser.new_context(viewport={"width": 360, "height": 740})
    page = ctx.new_page()
    for path in ("fr/belgium/", "hu/hungary/", "it/italy/"):
        page.goto(site_url + path)
        assert page.evaluate(SHARE) < 0.05, path
        assert not page.locator("details.kit-apparatus").evaluate("d => d.open")
    page.goto(site_url + "it/italy/legal/")
    note = page.locator("a.footnote-ref").first
    target = note.get_attribute("href")
    note.click()
    page.wait_for_timeout(200)
    assert page.locator("details.kit-apparatus").evaluate("d => d.open")  # the browser opens it for the link
    assert page.locator(f"[id='{target[1:]}']").is_visible()
    ctx.close()
