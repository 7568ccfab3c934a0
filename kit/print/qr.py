"""QR codes as inline SVG (vector art: sharp at any size, no image file to fetch)."""

from __future__ import annotations

import io

import segno
from markupsafe import Markup


def qr_svg(url: str, label: str) -> Markup:
    """The address as an SVG QR code, error correction M, with a 4-module quiet zone, scaled by the stylesheet."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True, border=4, svgclass="qr", lineclass=None
    )
    svg = out.getvalue().decode()
    # the <title> names the figure: WeasyPrint writes it as the /Alt that PDF/UA needs
    head, _, rest = svg.partition(">")
    head = head.replace("<svg ", '<svg role="img" ', 1)
    return Markup(f"{head}><title>{Markup.escape(label)}</title>{rest}")
