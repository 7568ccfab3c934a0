"""Render a country's contacts file into HTML, for the site and for the kits alike."""

from __future__ import annotations

import re
from typing import Any

from babel import Locale

from kit.jinja import environment
from kit.openitems import for_readers
from kit.schema import Contact, ContactsFile
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
    return {
        "anchor": _anchor(contact.name),
        "name": contact.name,
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
        "source": {"title": contact.source.title, "url": str(contact.source.url)},
        "checked": strings["contact_checked"].format(date=contact.last_verified.isoformat()),
    }


def render_contacts(contacts: ContactsFile, lang: str) -> str:
    strings = load_strings(lang)
    views = [_view(c, lang, strings) for c in contacts.contacts]
    return environment().get_template("contacts.html.j2").render(contacts=views, lang=lang, s=strings).strip()


def help_numbers(contacts: ContactsFile) -> list[Contact]:
    """The hotline and emergency numbers: shown on every page of the country and on the kit's back cover."""
    return [c for c in contacts.contacts if c.kind in ("hotline", "emergency") and c.phone]


def help_bar(contacts: dict[str, ContactsFile], countries: list[str], country: str | None, lang: str) -> dict[str, Any]:
    """The numbers in the help bar at the top of every page: the national hotline of the country being read and the
    emergency number, or every country's hotline and both emergency numbers (112, and 999 in the UK) elsewhere.
    The first hotline of a contacts file is its national one; 112 is preferred among the emergency numbers."""
    names = load_strings(lang)["countries"]

    def numbers(folder: str, kind: str) -> list[Contact]:
        found = [c for c in contacts[folder].contacts if c.kind == kind and c.phone] if folder in contacts else []
        return sorted(found, key=lambda c: c.phone != "112") if kind == "emergency" else found

    def item(folder: str | None, contact: Contact) -> dict[str, str]:
        return {"country": names[folder] if folder else "", "phone": contact.phone or "", "tel": contact.tel or ""}

    if country in countries:
        hotline, emergency = numbers(country, "hotline")[:1], numbers(country, "emergency")[:1]
        return {"hotlines": [item(country, c) for c in hotline], "emergency": [item(None, c) for c in emergency]}
    hotlines = [item(folder, c) for folder in countries for c in numbers(folder, "hotline")[:1]]
    emergency: list[dict[str, str]] = []
    for folder in countries:
        for contact in numbers(folder, "emergency")[:1]:
            if contact.phone not in {e["phone"] for e in emergency}:
                emergency.append(item(folder if emergency else None, contact))
    return {"hotlines": hotlines, "emergency": emergency}
