"""The wallet card, 85 × 55 mm, two pages: whom to call, and the address online as a QR code.

Discreet: the card is all outside, so it names no contact (names and web addresses of services often say
"trafficking"); it shows role labels in the card's language and the numbers. Contacts are chosen by their `kind`:
the first hotline with a phone (the national one), the emergency number (112 preferred) and one support service
(the first NGO with a phone, else the next hotline with a phone). A number is shown as it is dialled in the
card's country (kit/phones.py national_form: "800 290 290" in Italy), whatever the card's language; the tel: link
keeps the international form.
"""

from __future__ import annotations

from typing import Any

from kit.config import SiteConfig
from kit.content import Content
from kit.jinja import environment
from kit.phones import country_region, national_form
from kit.print.qr import qr_svg
from kit.print.render import KitError, font_faces
from kit.schema import Contact, ContactsFile
from kit.strings import load_strings

PRODUCT = "wallet-card"


def card_contacts(contacts: ContactsFile) -> dict[str, Contact | None]:
    with_phone = [c for c in contacts.contacts if c.phone]
    hotlines = [c for c in with_phone if c.kind == "hotline"]
    emergency = sorted((c for c in with_phone if c.kind == "emergency"), key=lambda c: c.phone != "112")
    support = [c for c in with_phone if c.kind == "ngo"] or hotlines[1:]
    return {
        "hotline": hotlines[0] if hotlines else None,
        "emergency": emergency[0] if emergency else None,
        "support": support[0] if support else None,
    }


def outside_numbers(content: Content, country: str, s: dict[str, Any]) -> list[dict[str, str]]:
    """The numbers a discreet outside shows (the card, the pocket guide's back cover): role labels in the reader's
    language and the numbers as dialled in the country, never a name."""
    where = s["help_where"][country]
    labels = {
        "hotline": s["help_hotline_in"].format(where=where),
        "emergency": s["help_emergency_in"].format(where=where),
        "support": s["card_support"],
    }
    region = country_region(content, country)
    return [
        {"label": labels[role], "phone": national_form(c.phone or "", region), "tel": c.tel or ""}
        for role, c in card_contacts(content.contacts[country]).items()
        if c is not None
    ]


def card_document(cfg: SiteConfig, content: Content, country: str, lang: str, print_shop: bool = False) -> str:
    if country not in content.contacts:
        raise KitError(f"content/contacts/{country}.yml: missing; the wallet card needs the country's numbers")
    s = load_strings(lang, cfg.root)
    where = s["help_where"][country]
    rows = outside_numbers(content, country, s)
    web_address = cfg.page_url(lang, f"{country}/index.md")
    return (
        environment()
        .get_template("wallet-card.html.j2")
        .render(
            lang=lang,
            s=s,
            title=s["card_title"].format(where=where),
            fonts=font_faces(),
            rows=rows,
            web_address=web_address,
            qr=qr_svg(web_address, s["card_qr_alt"]),
            print_shop=print_shop,
        )
    )
