"""The content model, written once: page front matter and contacts files.

Used by the site build (through the hooks), the PDF build, `build_kit.py check` and the tests.
Documented for editors in docs/content-model.md.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, model_validator

TOPICS = (
    "home", "in-brief", "legal", "economic", "psychosocial", "good-practices",
    "cooperation", "contacts", "glossary", "about", "safety", "accessibility",
)  # fmt: skip
AUDIENCES = ("survivors", "professionals", "authorities")
CONTACT_KINDS = ("hotline", "emergency", "ngo", "iom", "rapporteur", "authority", "other")
ALL_COUNTRIES = "all"  # pages at the top of a language folder (home, glossary, about)

_UNSAFE_TEXT = re.compile(r'[<>"\x00-\x08\x0b-\x1f\x7f]')
# International format (+, country code, groups of digits separated by single spaces) or a short national number.
PHONE_INTERNATIONAL = re.compile(r"^\+[1-9]\d{0,2}( \d{1,4})+$")
PHONE_SHORT = re.compile(r"^(\d{2,6}|\d{3} \d{3})$")


def plain_text(value: str) -> str:
    if _UNSAFE_TEXT.search(value):
        raise ValueError('must be plain text: no <, > or " (use typographic quotes “ ”) and no control characters')
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def phone_number(value: str) -> str:
    if not (PHONE_INTERNATIONAL.match(value) or PHONE_SHORT.match(value)):
        raise ValueError(
            "must be in international format, e.g. '+32 2 511 64 64' (plus sign, country code, digits in groups "
            "separated by single spaces), or a short number such as '112' or '116 006'"
        )
    return value


PlainText = Annotated[str, AfterValidator(plain_text)]
HttpsUrl = Annotated[HttpUrl, AfterValidator(lambda u: _require_https(u))]


def _require_https(url: HttpUrl) -> HttpUrl:
    if url.scheme != "https":
        raise ValueError("must start with https://")
    return url


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2}$")]


# What a source is: survivors' facts should rest on official, operator or international sources (issue 12).
SOURCE_KINDS = ("official", "operator", "international", "ngo", "academic", "news", "secondary")


class Source(Strict):
    title: PlainText
    url: HttpsUrl
    accessed: dt.date
    kind: Literal[SOURCE_KINDS] | None = None  # type: ignore[valid-type]  # None: known from the address's domain
    lang: LanguageCode | None = None  # the language of the document cited (ISO 639-1)
    original_title: bool = False  # the title is the document's own, in `lang`, not translated into the page's

    def title_lang(self, page_lang: str, written_in: str | None = None) -> str | None:
        """The `lang` mark the title needs on a page in `page_lang` (None: it is in the page's language).
        `written_in`: the language the title was written in when not the page's (contacts' titles are English)."""
        title_lang = self.lang if self.original_title else (written_in or page_lang)
        return title_lang if title_lang and title_lang != page_lang else None


Domain = Annotated[str, Field(pattern=r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")]


class SourceKindsFile(Strict):
    """content/source-kinds.yml: the web domains of each kind of source (a domain covers its subdomains)."""

    official: list[Domain] = []
    operator: list[Domain] = []
    international: list[Domain] = []
    ngo: list[Domain] = []
    academic: list[Domain] = []
    news: list[Domain] = []
    secondary: list[Domain] = []


class ReviewWaiver(Strict):
    until: dt.date
    reason: PlainText


class PageMeta(Strict):
    title: Annotated[PlainText, Field(max_length=90)]
    summary: Annotated[PlainText, Field(max_length=300)]
    country: str
    topic: Literal[TOPICS]  # type: ignore[valid-type]
    audience: Annotated[list[Literal[AUDIENCES]], Field(min_length=1)]  # type: ignore[valid-type]
    last_reviewed: dt.date
    sources: Annotated[list[Source], Field(min_length=1)]
    review_every_months: Annotated[int, Field(ge=1, le=36)] = 12
    review_waiver: ReviewWaiver | None = None
    translated_from: Annotated[str, Field(pattern=r"^[0-9a-f]{12}$")] | None = None


class LocalizedText(Strict):
    """Reader-facing text of a contact, one entry per language; English is required."""

    model_config = ConfigDict(extra="allow", frozen=True)
    en: PlainText

    def get(self, lang: str) -> tuple[str, str]:
        """The text in `lang`, or in English; returns (text, language of the text)."""
        value = (self.model_extra or {}).get(lang) if lang != "en" else self.en
        return (value, lang) if value else (self.en, "en")


class Contact(Strict):
    # Per-language text, or one official proper name for every language, with `name_lang` saying its language.
    name: LocalizedText | PlainText
    name_lang: LanguageCode | None = None
    kind: Literal[CONTACT_KINDS]  # type: ignore[valid-type]
    description: LocalizedText
    phone: Annotated[str, AfterValidator(phone_number)] | None = None
    website: HttpsUrl | None = None
    email: Annotated[str, Field(pattern=r"^[^@\s<>\"]+@[^@\s<>\"]+\.[a-z]{2,}$")] | None = None
    hours: LocalizedText | None = None
    languages: list[LanguageCode] = []
    address: PlainText | None = None
    source: Source
    last_verified: dt.date

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if not (self.phone or self.website or self.email):
            raise ValueError("a contact needs at least one of phone, website, email")
        if self.name_lang and not isinstance(self.name, str):
            raise ValueError("name_lang is for a name that is the same in every language; a translated name "
                             "(en:, fr:, …) is in the language of its key")  # fmt: skip
        return self

    def name_in(self, lang: str) -> tuple[str, str | None]:
        """The name in `lang` and the language it is written in (None: a proper name with no language given)."""
        if isinstance(self.name, str):
            return self.name, self.name_lang
        return self.name.get(lang)

    @property
    def anchor_name(self) -> str:
        """The name the anchor is made from: the English one, so links keep working whatever the translations."""
        return self.name if isinstance(self.name, str) else self.name.en

    @property
    def tel(self) -> str | None:
        return "tel:" + self.phone.replace(" ", "") if self.phone else None


class ContactsFile(Strict):
    country: str
    contacts: Annotated[list[Contact], Field(min_length=1)]


def markdown_text(value: str) -> str:
    """Inline Markdown written by editors (links, emphasis): raw HTML and control characters are not allowed."""
    if re.search(r"[<>\x00-\x08\x0b-\x1f\x7f]", value):
        raise ValueError("must be Markdown text: no < or > and no control characters")
    if not value.strip():
        raise ValueError("must not be empty")
    return value


MarkdownText = Annotated[str, AfterValidator(markdown_text)]
LangCode = Annotated[str, Field(pattern=r"^[a-z]{2}$")]


class GlossaryTerm(Strict):
    """One approved term of a concept in one language."""

    term: PlainText
    country: str | None = None  # the country whose law uses this term (a country folder)
    label: LocalizedText | None = None  # shown before the term: "for victims: …"
    note: LocalizedText | None = None  # shown after the term, in brackets
    unconfirmed: bool = False  # not found in an official source yet


class AvoidedVariant(Strict):
    variant: PlainText  # matched at the start of a word, ignoring case; longer words match too (inflections)
    use: PlainText  # the approved wording to write instead
    country: str | None = None  # only pages about this country are checked


class Concept(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    only_in: str | None = None
    terms: dict[LangCode, Annotated[list[GlossaryTerm], Field(min_length=1)]]
    no_term_yet: list[LangCode] = []
    definition: dict[LangCode, MarkdownText]
    avoid: dict[LangCode, list[AvoidedVariant]] = {}
    sources: list[Source] = []

    @model_validator(mode="after")
    def _english(self) -> Concept:
        if "en" not in self.terms or "en" not in self.definition:
            raise ValueError("needs an English term and an English definition (en)")
        if both := set(self.terms) & set(self.no_term_yet):
            raise ValueError(f"lists {', '.join(sorted(both))} both in terms and in no_term_yet")
        return self


class GlossaryFile(Strict):
    concepts: Annotated[list[Concept], Field(min_length=1)]
