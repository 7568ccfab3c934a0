"""The one loader: pages (Markdown + front matter) and contacts files, validated against kit.schema."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from kit.config import SHARED_PART, SiteConfig
from kit.inputs import load_yaml, read_source
from kit.markdown import scan
from kit.problems import Problem
from kit.schema import ALL_COUNTRIES, ContactsFile, GlossaryFile, PageMeta

M = TypeVar("M", bound=BaseModel)
GLOSSARY_FILE = "glossary.yml"  # in the content folder, next to the language folders


@dataclass
class Page:
    path: Path  # the file
    lang: str  # from the folder: content/<lang>/...
    rel: str  # path inside the language folder, the translation key: "belgium/legal.md"
    meta: PageMeta
    body: str  # Markdown without front matter
    body_line: int  # line number of the body's first line in the file
    valid: bool = True  # False: the front matter has errors; the body is still checked
    field_lines: dict[str, int] = field(default_factory=dict)  # front-matter field -> its line in the file

    @property
    def folder(self) -> str | None:
        return self.rel.split("/", 1)[0] if "/" in self.rel else None

    @property
    def slug(self) -> str:
        """A unique, id-safe name for the page inside one kit."""
        return self.rel.removesuffix(".md").replace("/", "-")


@dataclass
class Content:
    pages: dict[tuple[str, str], Page] = field(default_factory=dict)  # (lang, rel) -> page
    drafts: dict[tuple[str, str], Page] = field(default_factory=dict)  # pages whose front matter is invalid
    contacts: dict[str, ContactsFile] = field(default_factory=dict)
    contacts_paths: dict[str, Path] = field(default_factory=dict)  # country -> its contacts file
    glossary: GlossaryFile | None = None
    problems: list[Problem] = field(default_factory=list)

    def page(self, lang: str, rel: str) -> Page | None:
        return self.pages.get((lang, rel))


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter YAML, body, line number where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    return None, text, 1


def _key_lines(node: yaml.Node | None, prefix: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    """Map each key path in a YAML document to its line (0-based inside the YAML)."""
    lines: dict[tuple[Any, ...], int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, key.value)
            lines[path] = key.start_mark.line
            lines.update(_key_lines(value, path))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*prefix, i)] = item.start_mark.line
            lines.update(_key_lines(item, (*prefix, i)))
    return lines


def parse_yaml(text: str, path: Path, first_line: int) -> tuple[Any, dict[tuple[Any, ...], int], list[Problem]]:
    """Bounded safe_load (kit.inputs) with the line of every key; `first_line` is the file line of the YAML's first line."""
    data, node, problems = load_yaml(text, path, first_line)
    if problems:
        return None, {}, problems
    lines = {k: v + first_line for k, v in _key_lines(node).items()}
    return data, lines, []


def validation_problems(
    exc: ValidationError, path: Path, lines: dict[tuple[Any, ...], int], default_line: int, model: type[BaseModel]
) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "literal"))))
        line = next((lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in lines), default_line)
        field_name = ".".join(str(p) for p in loc) or "front matter"
        kind = err["type"]
        if kind == "extra_forbidden":
            allowed = ", ".join(model.model_fields) if len(loc) == 1 else "see docs/content-model.md"
            problems.append(Problem.at(path, line, f"unknown field '{field_name}'",
                                       f"Remove it or correct its name (allowed: {allowed})"))  # fmt: skip
        elif kind == "missing":
            problems.append(Problem.at(path, line, f"the field '{field_name}' is missing",
                                       "Add it (see docs/content-model.md)"))  # fmt: skip
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            problems.append(Problem.at(path, line, f"'{field_name}' has the value '{err['input']}', which is not allowed",
                                       f"Use one of: {expected}"))  # fmt: skip
        elif kind.startswith("date"):
            problems.append(Problem.at(path, line, f"'{field_name}' is not a valid date ('{err['input']}')",
                                       "Write the date as YYYY-MM-DD, for example 2026-11-28"))  # fmt: skip
        else:
            msg = err["msg"].removeprefix("Value error, ")
            problems.append(Problem.at(path, line, f"'{field_name}' {msg}" if loc else msg,
                                       "See docs/content-model.md for what this field holds"))  # fmt: skip
    return problems


def read_page(path: Path, lang: str, rel: str, cfg: SiteConfig) -> tuple[Page | None, list[Problem]]:
    text, problems = read_source(path)
    if text is None:
        return None, problems
    raw, body, body_line = split_front_matter(text)
    if raw is None:
        return None, [Problem.at(path, 1, "the page has no front matter",
                                 "Start the file with a line '---', the fields, and another line '---'")]  # fmt: skip
    draft = Page(path, lang, rel, PageMeta.model_construct(), body, body_line, valid=False)
    data, lines, yaml_problems = parse_yaml(raw, path, 2)
    if yaml_problems:
        return draft, problems + yaml_problems
    if not isinstance(data, dict):
        return draft, [Problem.at(path, 2, "the front matter is not a list of 'field: value' lines",
                                  "Write one 'field: value' per line (see docs/content-model.md)")]  # fmt: skip
    try:
        meta = PageMeta.model_validate(data)
    except ValidationError as exc:
        return draft, problems + validation_problems(exc, path, lines, 2, PageMeta)
    folder = rel.split("/", 1)[0] if "/" in rel else None
    expected = folder or ALL_COUNTRIES
    if folder and folder not in (*cfg.countries, SHARED_PART):
        problems.append(Problem.at(path, None, f"the folder '{folder}' is not a part of the kit",
                                   "Add the folder to the nav in mkdocs.yml, or move the page"))  # fmt: skip
    if meta.country != expected:
        problems.append(Problem.at(path, lines.get(("country",), 2),
                                   f"'country' is '{meta.country}' but the page is in the folder of '{expected}'",
                                   f"Write 'country: {expected}'"))  # fmt: skip
    field_lines = {key[0]: line for key, line in lines.items() if len(key) == 1}
    return Page(path, lang, rel, meta, body, body_line, field_lines=field_lines), problems


def read_data_file(path: Path, model: type[M]) -> tuple[M | None, dict[tuple[Any, ...], int], list[Problem]]:
    """A YAML data file (contacts, glossary) through the input gate and the schema: (data, key lines, problems)."""
    text, problems = read_source(path)
    if text is None:
        return None, {}, problems
    data, lines, yaml_problems = parse_yaml(text, path, 1)
    if yaml_problems:
        return None, {}, problems + yaml_problems
    try:
        return model.model_validate(data), lines, problems
    except ValidationError as exc:
        return None, {}, problems + validation_problems(exc, path, lines, 1, model)


def read_contacts(path: Path, cfg: SiteConfig) -> tuple[ContactsFile | None, list[Problem]]:
    contacts, lines, problems = read_data_file(path, ContactsFile)
    if contacts is None:
        return None, problems
    if contacts.country != path.stem:
        problems.append(Problem.at(path, lines.get(("country",), 1),
                                   f"'country' is '{contacts.country}' but the file is named '{path.name}'",
                                   f"Write 'country: {path.stem}'"))  # fmt: skip
    if path.stem not in (*cfg.countries, SHARED_PART):
        problems.append(Problem.at(path, None, f"'{path.stem}' is not a country of the kit",
                                   f"Name the file after a country folder: {', '.join(cfg.countries)}"))  # fmt: skip
    return contacts, problems


def read_glossary(path: Path, cfg: SiteConfig) -> tuple[GlossaryFile | None, list[Problem]]:
    """The glossary's concepts (content/glossary.yml): terms per language and country, definitions, avoided variants."""
    glossary, lines, problems = read_data_file(path, GlossaryFile)
    if glossary is None:
        return None, problems
    languages, countries = ", ".join(cfg.language_codes), ", ".join(cfg.countries)
    seen: set[str] = set()
    for i, concept in enumerate(glossary.concepts):
        at = ("concepts", i)
        if concept.id in seen:
            problems.append(Problem.at(path, lines.get((*at, "id")), f"the concept id '{concept.id}' is used twice",
                                       "Give each concept its own id"))  # fmt: skip
        seen.add(concept.id)
        for key in ("terms", "definition", "avoid"):
            for lang in getattr(concept, key):
                if lang not in cfg.language_codes:
                    problems.append(Problem.at(path, lines.get((*at, key, lang)), f"'{lang}' is not a language of the kit",
                                               f"Use one of: {languages}"))  # fmt: skip
        where = [((*at, "only_in"), concept.only_in)]
        where += [
            ((*at, "terms", lang, j, "country"), t.country)
            for lang, ts in concept.terms.items()
            for j, t in enumerate(ts)
        ]
        where += [
            ((*at, "avoid", lang, j, "country"), a.country)
            for lang, av in concept.avoid.items()
            for j, a in enumerate(av)
        ]
        for lang, text in concept.definition.items():
            problems += _definition_problems(path, lines.get((*at, "definition", lang)), text, lang, cfg)
        for key, country in where:
            if country is not None and country not in cfg.countries:
                problems.append(Problem.at(path, lines.get(key), f"'{country}' is not a country of the kit",
                                           f"Use one of: {countries}"))  # fmt: skip
    return glossary, problems


def _definition_problems(path: Path, line: int | None, text: str, lang: str, cfg: SiteConfig) -> list[Problem]:
    """A definition's Markdown: the same link rules as a page; its links are relative to the glossary page."""
    links, findings = scan(text)
    problems = [Problem.at(path, line, f.message, f.fix) for f in findings]
    for link in links:
        target = link.target.split("#", 1)[0]
        if (
            target
            and ":" not in target
            and not any((cfg.content_dir(code) / target).is_file() for code in (lang, cfg.default_language))
        ):
            problems.append(Problem.at(path, line, f"the link points to '{target}', which does not exist",
                                       "Correct the path: links go to the .md file, relative to the glossary page"))  # fmt: skip
    return problems


def content_hash(page_or_text: Page | str) -> str:
    """A short hash of an English page's Markdown: what a translation records in `translated_from`."""
    body = split_front_matter(page_or_text)[1] if isinstance(page_or_text, str) else page_or_text.body
    return hashlib.sha256(body.strip().encode("utf-8")).hexdigest()[:12]


def is_outdated(translation: Page, english: Page | None) -> bool:
    """A translation is outdated when it does not record the current English version (site, kits and status)."""
    return bool(
        english and translation.lang != english.lang and translation.meta.translated_from != content_hash(english)
    )


def load_content(cfg: SiteConfig) -> Content:
    content = Content()
    for lang in cfg.language_codes:
        base = cfg.content_dir(lang)
        for path in sorted(base.rglob("*.md")):
            if path.is_symlink():
                continue  # reported by the checks; never read through a link
            rel = path.relative_to(base).as_posix()
            page, problems = read_page(path, lang, rel, cfg)
            content.problems.extend(problems)
            if page and page.valid:
                content.pages[(lang, rel)] = page
            elif page:
                content.drafts[(lang, rel)] = page
    for path in sorted((cfg.docs_dir / "contacts").glob("*.yml")):
        if path.is_symlink():
            continue
        contacts, problems = read_contacts(path, cfg)
        content.problems.extend(problems)
        if contacts:
            content.contacts[path.stem] = contacts
            content.contacts_paths[path.stem] = path
    glossary_path = cfg.docs_dir / GLOSSARY_FILE
    if glossary_path.is_file() and not glossary_path.is_symlink():
        content.glossary, problems = read_glossary(glossary_path, cfg)
        content.problems.extend(problems)
    return content
