"""The structure check every kit passes before it is published: what PDF/UA-1 needs and WeasyPrint does not enforce.

WeasyPrint writes `pdfuaid:part=1` even when `lang`, the title or an image's alt text is missing (it only logs),
so the build reads the written file back (pikepdf) and refuses it on any of these.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf


def structure_problems(path: Path, lang: str) -> list[str]:
    problems = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        mark_info = root.get("/MarkInfo")
        if not (mark_info is not None and bool(mark_info.get("/Marked", False))):
            problems.append("not marked as tagged (/MarkInfo /Marked true)")
        if "/StructTreeRoot" not in root:
            problems.append("no structure tree (/StructTreeRoot)")
        if str(root.get("/Lang", "")) != lang:
            problems.append(f"document language is {str(root.get('/Lang', '')) or 'missing'!r}, not {lang!r}")
        prefs = root.get("/ViewerPreferences")
        if not (prefs is not None and bool(prefs.get("/DisplayDocTitle", False))):
            problems.append("the viewer is not told to show the title (/DisplayDocTitle)")
        if not str(pdf.docinfo.get("/Title", "")).strip():
            problems.append("no document title")
        with pdf.open_metadata() as xmp:
            if not str(xmp.get("dc:title", "")).strip():
                problems.append("no dc:title in the XMP metadata")
            if str(xmp.get("pdfuaid:part", "")) != "1":
                problems.append("XMP does not declare PDF/UA-1 (pdfuaid:part)")
        if "/Names" in root and "/EmbeddedFiles" in root.Names:
            problems.append("the PDF has attached files")
        figures_without_alt = 0
        unembedded: set[str] = set()
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary):
                continue
            kind = obj.get("/Type")
            if kind == "/EmbeddedFile":
                problems.append("the PDF contains an embedded file")
            if obj.get("/S") == "/Figure" and not str(obj.get("/Alt", "")).strip():
                figures_without_alt += 1
            if kind == "/Font" and obj.get("/Subtype") != "/Type3":
                descriptor = obj.get("/FontDescriptor")
                if descriptor is None and "/DescendantFonts" in obj:
                    descriptor = obj.DescendantFonts[0].get("/FontDescriptor")
                if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    unembedded.add(str(obj.get("/BaseFont", "?")))
        if figures_without_alt:
            problems.append(f"{figures_without_alt} figure(s) without alternative text (/Alt)")
        if unembedded:
            problems.append("fonts not embedded: " + ", ".join(sorted(unembedded)))
    return problems


def languages_marked(path: Path) -> dict[str, int]:
    """How many structure elements carry each /Lang of their own (spans in another language than the document)."""
    found: dict[str, int] = {}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/StructElem" and "/Lang" in obj:
                lang = str(obj.Lang)
                found[lang] = found.get(lang, 0) + 1
    return found
