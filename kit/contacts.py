"""Render a country's contacts file into HTML, for the site and for the kits alike."""

from __future__ import annotations

import re
from typing import Any

from babel import Locale

from kit.jinja import environment
from kit.schema import Contact, ContactsFile
from kit.strings import load_strings


def _anchor(name: str) -> str:
    return "contact-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _view(contact: Contact, lang: str, strings: dict[str, Any]) -> dict[str, Any]:
    description, description_lang = contact.description.get(lang)
    hours, hours_lang = contact.hours.get(lang) if contact.hours else (None, lang)
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
