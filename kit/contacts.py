"""Render a country's contacts file into HTML, for the site and for the kits alike."""

from __future__ import annotations

import re
from typing import Any

from babel import Locale

from kit.jinja import environment
from kit.openitems import for_readers
from kit.schema import Contact, ContactsFile, Source
from kit.strings import load_strings


def _anchor(name: str) -> str:
    return "contact-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _view(contact: Contact, lang: str, strings: dict[str, Any]) -> dict[str, Any]:
    description, description_lang = contact.description.get(lang)
    hours, hours_lang = contact.hours.get(lang) if contact.hours else (None, lang)
    # The people who call these numbers are often survivors: open items show the safe instruction only.
    description = for_readers(description, description_lang, survivors=True, markdown=False)
    hours = for_readers(hours, hours_lang, survivors=True, markdown=False) if hours else None
    names = Locale(lang).languages
    name, name_lang = contact.name_in(lang)
    return {
        "anchor": _anchor(contact.anchor_name),
        "name": name,
        "name_lang": name_lang or lang,
        "kind": contact.kind,
        "description": description,
        "description_lang": description_lang,
        "phone": contact.phone,
        "tel": contact.tel,
        "website": str(contact.website) if contact.website else None,
        "email": contact.email,
        "hours": hours,
        "hours_lang": hours_lang,
        "address": contact.address,
        "languages": ", ".join(names.get(code, code) for code in contact.languages),
        "source": source_view(contact.source, lang, written_in="en"),  # contacts' source titles are in English
        "checked": strings["contact_checked"].format(date=contact.last_verified.isoformat()),
    }


def source_view(source: Source, lang: str, written_in: str | None = None) -> dict[str, Any]:
    """A cited source as the templates show it: `hreflang` is the document's language, `lang` the title's."""
    return {
        "title": source.title,
        "url": str(source.url),
        "accessed": source.accessed.isoformat(),
        "hreflang": source.lang,
        "lang": source.title_lang(lang, written_in),
    }


def render_contacts(contacts: ContactsFile, lang: str) -> str:
    strings = load_strings(lang)
    views = [_view(c, lang, strings) for c in contacts.contacts]
    return environment().get_template("contacts.html.j2").render(contacts=views, lang=lang, s=strings).strip()


def help_numbers(contacts: ContactsFile, lang: str) -> list[dict[str, str]]:
    """The hotline and emergency numbers, named in `lang`: printed on the kit's back cover."""
    found = []
    for contact in contacts.contacts:
        if contact.kind in ("hotline", "emergency") and contact.phone:
            name, name_lang = contact.name_in(lang)
            found.append({"name": name, "lang": name_lang or lang, "phone": contact.phone, "tel": contact.tel or ""})
    return found


def help_bar(contacts: dict[str, ContactsFile], countries: list[str], country: str | None, lang: str) -> dict[str, Any]:
    """The numbers in the help bar at the top of every page: the national hotline of the country being read and the
    emergency number, or every country's hotline and both emergency numbers (112, and 999 in the UK) elsewhere.
    The first hotline of a contacts file is its national one; 112 is preferred among the emergency numbers.
    Each number comes with its label as a sentence in the reader's language ("Emergency number in the United
    Kingdom:"), so that it can be read alone."""
    strings = load_strings(lang)
    names, where = strings["countries"], strings["help_where"]

    def numbers(folder: str, kind: str) -> list[Contact]:
        found = [c for c in contacts[folder].contacts if c.kind == kind and c.phone] if folder in contacts else []
        return sorted(found, key=lambda c: c.phone != "112") if kind == "emergency" else found

    def item(folder: str | None, contact: Contact) -> dict[str, str]:
        if contact.kind == "hotline":
            label = strings["help_hotline_in"].format(where=where[folder])
        else:
            label = (
                strings["help_emergency_in"].format(where=where[folder]) if folder else strings["help_emergency_any"]
            )
        return {
            "country": names[folder] if folder else "",
            "label": label,
            "phone": contact.phone or "",
            "tel": contact.tel or "",
        }

    if country in countries:
        hotline, emergency = numbers(country, "hotline")[:1], numbers(country, "emergency")[:1]
        return {"hotlines": [item(country, c) for c in hotline], "emergency": [item(country, c) for c in emergency]}
    hotlines = [item(folder, c) for folder in countries for c in numbers(folder, "hotline")[:1]]
    emergency: list[dict[str, str]] = []
    for folder in countries:
        for contact in numbers(folder, "emergency")[:1]:
            if contact.phone not in {e["phone"] for e in emergency}:
                emergency.append(item(folder if emergency else None, contact))
    return {"hotlines": hotlines, "emergency": emergency}
