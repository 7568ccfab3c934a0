"""Numbers that dial what they show: the worst silent failure of this kit is a reader calling a wrong number.

A number is compared in one form, E.164 ("+3278055800"), whichever way it is written: national ("078 05 58 00",
Hungary's "06 80 20 55 20") or international. Short numbers (112, 116 006, 17) are compared digit by digit.
A country's region (for national forms) is the region of the international numbers in its contacts file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

from kit.content import Content, Page
from kit.markdown import CODE_SPAN, FENCE, scan
from kit.problems import Problem

SHORT_DIGITS = 6  # 116 006 is the longest short number
# Digit runs in reader text (matched whole: atomic, so a longer run never shrinks into a shorter number) that look like phone numbers: international, national with a trunk 0, Italian
# freephone-style 3-3-3 groups, and the EU's harmonised 116 numbers. Years, amounts and articles do not match.
PHONE_LIKE = re.compile(
    r"(?<![\w.,/+-])(?>"
    r"\+\d{1,3}(?:[ \u00a0.-]?\d){6,12}"
    r"|0\d(?:[ \u00a0.-]?\d){6,11}"
    r"|[38]\d\d(?:[ \u00a0]\d{3}){2}"
    r"|116[ \u00a0]?\d{3}"
    r")(?![\w/]|[-.,]\d)"  # a Hungarian suffix may follow: "a +36 80 20 55 20-as vonal"
)
LINK_OR_URL = re.compile(r"\]\([^)]*\)|https?://\S+|\{#[^}]*\}")
TEL_LINK = re.compile(r"\[([^\]]*)\]\(\s*tel:([^)\s]*)\s*\)")


@dataclass(frozen=True)
class TelLink:
    line: int  # in the file
    shown: str
    target: str  # after "tel:"


def normal(number: str, region: str | None) -> str | None:
    """The E.164 form of a written number (digits only for short numbers); None if it is not a phone number."""
    compact = re.sub(r"[ \u00a0.\-()/]", "", number)
    compact = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in compact)  # any script's digits
    if compact.isdigit() and 2 <= len(compact) <= SHORT_DIGITS:
        return compact
    if not re.fullmatch(r"\+?\d{7,15}", compact):
        return None
    try:
        parsed = phonenumbers.parse(compact, None if compact.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def country_region(content: Content, folder: str | None) -> str | None:
    contacts = content.contacts.get(folder or "")
    for contact in contacts.contacts if contacts else []:
        if contact.phone and contact.phone.startswith("+"):
            return phonenumbers.region_code_for_number(phonenumbers.parse(contact.phone))
    return None


def known_numbers(content: Content) -> set[str]:
    """Every number of the contacts data, in E.164 (short numbers as digits)."""
    found = set()
    for contacts in content.contacts.values():
        for contact in contacts.contacts:
            if contact.phone and (number := normal(contact.phone, None)):
                found.add(number)
    return found


def _reader_lines(body: str) -> list[tuple[int, str]]:
    """(line, text) of the Markdown outside code blocks and code spans."""
    lines, fence = [], None
    for number, line in enumerate(body.splitlines(), start=1):
        match = FENCE.match(line)
        if fence:
            fence = None if match and match.group(1)[0] == fence[0] else fence
            continue
        if match:
            fence = match.group(1)
            continue
        lines.append((number, CODE_SPAN.sub("", line)))
    return lines


def tel_links(page: Page) -> list[TelLink]:
    line0 = page.body_line - 1
    links, _ = scan(page.body)
    return [
        TelLink(line0 + link.line, link.text, link.target.strip()[4:])
        for link in links
        if link.target.strip().lower().startswith("tel:") and not link.image
    ]


def page_problems(page: Page, content: Content, known: set[str]) -> list[Problem]:
    """Each tel: link shows what it dials; each number written in the text is one the reader can rely on."""
    problems = []
    region = country_region(content, page.folder)
    dialled = set()
    for link in tel_links(page):
        target = normal(link.target, None) if re.fullmatch(r"\+?[0-9]+", link.target) else None
        if target is None:
            problems.append(Problem.at(page.path, link.line, f"'tel:{link.target}' is not a phone number a phone can dial",
                                       "Write tel: and the number in international form without spaces, e.g. tel:+3278055800, or a short number, e.g. tel:112"))  # fmt: skip
            continue
        dialled.add(target)
        shown = normal(link.shown, region)
        if shown != target:
            problems.append(Problem.at(page.path, link.line, f"the link shows '{link.shown}' but dials '{link.target}'",
                                       "Make the text and the tel: address the same number: a reader calls what the link dials"))  # fmt: skip
    line0 = page.body_line - 1
    for number, line in _reader_lines(page.body):
        text = LINK_OR_URL.sub(" ", TEL_LINK.sub(" ", line))
        for match in PHONE_LIKE.finditer(text):
            value = normal(match.group(), region)
            if value and value not in dialled and value not in known:
                problems.append(Problem.at(page.path, line0 + number, f"the number '{match.group()}' is neither in the contacts data nor a tel: link of this page",
                                           "Check it against its source; then link it as [number](tel:+...) or add the contact to content/contacts/"))  # fmt: skip
    return problems


def paragraph_starts(page: Page) -> list[int]:
    """The file line where each paragraph (block between blank lines) starts: translations keep the English
    page's paragraphs, so the same index is the same place."""
    starts, previous_blank = [], True
    for i, text in enumerate(page.body.splitlines()):
        if text.strip() and previous_blank:
            starts.append(page.body_line + i)
        previous_blank = not text.strip()
    return starts


def translation_problems(page: Page, english: Page) -> list[Problem]:
    """A translation dials exactly the numbers its English page dials."""

    def targets(p: Page) -> dict[str, int]:
        found: dict[str, int] = {}
        for link in tel_links(p):
            if value := normal(link.target, None):
                found.setdefault(value, link.line)
        return found

    own, reference = targets(page), targets(english)
    problems = []
    for number, line in own.items():
        if number not in reference:
            problems.append(Problem.at(page.path, line, f"this translation dials {number}, which the English page ({english.path.name}) does not",
                                       "Use the number of the English page; if the English page is wrong, correct it first"))  # fmt: skip
    english_blocks, own_blocks = paragraph_starts(english), paragraph_starts(page)
    for number, line in reference.items():
        if number not in own:
            index = max((i for i, start in enumerate(english_blocks) if start <= line), default=0)
            at = own_blocks[index] if index < len(own_blocks) else None  # the same paragraph in the translation
            problems.append(Problem.at(page.path, at, f"the English page dials {number} (line {line}), which this translation does not",
                                       "Add the same tel: link to the translation"))  # fmt: skip
    return problems


def contacts_problems(content: Content, known: set[str]) -> list[Problem]:
    """Numbers written inside the contacts' texts (descriptions, hours) are numbers of the contacts data."""
    problems = []
    for folder, contacts in content.contacts.items():
        path = content.contacts_paths.get(folder)
        if path is None:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        region = country_region(content, folder)
        for contact in contacts.contacts:
            texts = [contact.description, *([contact.hours] if contact.hours else [])]
            for text in (v for t in texts for v in t.model_dump().values() if isinstance(v, str)):
                for match in PHONE_LIKE.finditer(text):
                    value = normal(match.group(), region)
                    if value and value not in known:
                        line = next((i for i, row in enumerate(lines, 1) if match.group() in row), None)
                        problems.append(Problem.at(path, line, f"the number '{match.group()}' in a contact's text is not the phone of any contact",
                                                   "Give the number its own contact entry, or correct it against its source"))  # fmt: skip
    return problems


TEXT_NODE = re.compile(r">([^<]+)")
TEL_ANCHOR = re.compile(r'(<a\b[^>]*\bhref="tel:[^"]*"[^>]*>.*?</a>)', re.S)


def keep_numbers_whole(html: str) -> str:
    """No line break inside a phone number written in the text (a link's number is kept whole by CSS): the spaces
    between its digit groups become no-break spaces, on the site and in print."""

    def text(match: re.Match[str]) -> str:
        return ">" + PHONE_LIKE.sub(lambda n: n.group().replace(" ", "\u00a0"), match.group(1))

    # a tel: link keeps its text as written (it is kept whole by CSS, and copied as the reader sees it)
    parts = TEL_ANCHOR.split(html)
    return "".join(part if i % 2 else TEXT_NODE.sub(text, ">" + part)[1:] for i, part in enumerate(parts))


def national_form(phone: str, region: str | None) -> str:
    """`phone` as it is dialled inside `region` (the country of the product in hand): "+39 800 290 290" is
    "800 290 290" in Italy, "+36 80 20 55 20" is "06 80 20 55 20" in Hungary. The editor's digit groups stay; the
    trunk prefix comes from the phone-number metadata. A short number, a number of another country or a form that
    would not dial the same number is returned as written."""
    if not region or not phone.startswith("+"):
        return phone
    try:
        parsed = phonenumbers.parse(phone)
    except phonenumbers.NumberParseException:
        return phone
    if phonenumbers.region_code_for_number(parsed) != region:
        return phone  # a foreign number is dialled in its international form
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    _, _, groups = phone.partition(" ")
    prefix = metadata.national_prefix or "" if metadata else ""
    # a one-digit trunk prefix joins the first group ("078 05 58 00"); Hungary's "06" is written as a group of its own
    national = f"{prefix}{' ' if len(prefix) > 1 else ''}{groups}"
    return national if normal(national, region) == normal(phone, None) else phone
