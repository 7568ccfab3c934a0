"""Source kinds and the survivors' facts on weak sources; legal references kept in step across translations."""

from __future__ import annotations

from kit.check import run_checks
from kit.content import load_content
from kit.legalrefs import load_words, references, translation_problems
from kit.phones import paragraph_starts
from kit.sources import kind_of

EN = "content/en/belgium/index.md"
FR = "content/fr/belgium/index.md"


def _append(cfg, rel: str, text: str) -> int:
    """Append `text` to a page; returns the file line of its first line."""
    path = cfg.root / rel
    old = path.read_text(encoding="utf-8")
    path.write_text(old.rstrip("\n") + "\n\n" + text, encoding="utf-8")
    return old.rstrip("\n").count("\n") + 3


def _warnings(cfg, words: str) -> list[tuple[str, int | None, str]]:
    problems, _ = run_checks(cfg)
    return [(_rel(cfg, p.file), p.line, p.message) for p in problems if words in p.message]


def _rel(cfg, file: str) -> str:
    return file.removeprefix(cfg.root.as_posix() + "/")


def test_kind_comes_from_the_source_then_the_longest_domain():
    table = {"gov.uk": "official", "example.org": "news", "docs.example.org": "secondary"}
    assert kind_of("https://www.gov.uk/x", table) == "official"
    assert kind_of("https://nidirect.gov.uk/x", table) == "official"
    assert kind_of("https://docs.example.org/a", table) == "secondary"
    assert kind_of("https://notgov.uk/x", table) is None
    assert kind_of("https://example.org/a", table, "operator") == "operator"


def test_unknown_kind_and_news_only_survivor_fact_are_warned_official_passes(mini_repo):
    cfg = mini_repo
    (cfg.docs_dir / "source-kinds.yml").write_text(
        "official: [example.org]\nnews: [news.example.net]\n", encoding="utf-8"
    )
    line = _append(
        cfg,
        EN,
        "You have 45 days to decide.[^n1]\n\nThe office can give you a permit.[^n2]\n\n"
        "[^n1]: A newspaper, https://news.example.net/story, accessed 2026-11-20.\n"
        "[^n2]: The office, https://example.org/permit, accessed 2026-11-20.\n",
    )
    text = (cfg.root / EN).read_text(encoding="utf-8")
    (cfg.root / EN).write_text(
        text.replace(
            "sources:\n",
            "sources:\n  - title: Blog\n    url: https://blog.example.com/x\n    accessed: 2026-11-20\n",
            1,
        ),
        encoding="utf-8",
    )
    line += 3  # the three lines added to the front matter
    weak = _warnings(cfg, "rests only on")
    assert weak == [(EN, line, "'45 days' rests only on news sources (news.example.net)")]
    unknown = _warnings(cfg, "is not known")
    assert unknown == [(EN, 10, "the kind of the source 'blog.example.com' is not known")]
    # the same fact on the government's page passes; a source's own kind wins over the table
    (cfg.root / EN).write_text(
        (cfg.root / EN).read_text(encoding="utf-8").replace("https://news.example.net/story", "https://example.org/s")
        .replace("    url: https://blog.example.com/x\n", "    url: https://blog.example.com/x\n    kind: ngo\n"),
        encoding="utf-8",
    )  # fmt: skip
    assert _warnings(cfg, "rests only on") == [] and _warnings(cfg, "is not known") == []


def test_contact_phone_on_a_news_source_is_warned(mini_repo):
    cfg = mini_repo
    (cfg.docs_dir / "source-kinds.yml").write_text("news: [example.org]\n", encoding="utf-8")
    found = _warnings(cfg, "rests only on a news source")
    assert found and all(f.startswith("content/contacts/belgium.yml") and line for f, line, _ in found)


def test_translation_missing_a_legal_reference_or_a_number_is_reported_with_its_line(mini_repo):
    cfg = mini_repo
    en_line = _append(
        cfg, EN, "Directive 2011/36/EU, article 18-ter and Act XC of 2023 protect you. Call [112](tel:112).\n"
    )
    _append(cfg, FR, "La directive 2011/36/UE vous protège.\n")
    problems, content = run_checks(cfg)
    # reported at the translation's paragraph with the same index as the English one (its last here)
    fr_line = paragraph_starts(content.page("fr", "belgium/index.md"))[
        len(paragraph_starts(content.page("en", "belgium/index.md"))) - 1
    ]
    found = sorted((_rel(cfg, p.file), p.line, p.message) for p in problems if "English page" in p.message)
    assert found == [
        (FR, fr_line, f"the English page cites Act XC 2023 (line {en_line}), which this translation does not"),
        (FR, fr_line, f"the English page cites article 18-ter (line {en_line}), which this translation does not"),
        (FR, fr_line, f"the English page dials 112 (line {en_line}), which this translation does not"),
    ]
    # in the translation's own forms, nothing is missing
    path = cfg.root / FR
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "La directive 2011/36/UE vous protège.",
            "La directive 2011/36/UE, l'art. 18-ter et la loi XC de 2023 vous protègent. Appelez le [112](tel:112).",
        ),
        encoding="utf-8",
    )
    problems, _ = run_checks(cfg)
    assert [str(p) for p in problems if "English page" in p.message] == []


def test_references_are_found_in_each_languages_form(mini_repo):
    content = load_content(mini_repo)
    words = load_words(mini_repo)
    english = content.page("en", "belgium/index.md")
    page = content.page("fr", "belgium/index.md")
    english = type(english)(english.path, "en", english.rel, english.meta,
                            "Articles 600–602 and section 192; arts. 18 and 22; L. 425-1; 2004/81/EC; 24/7.", 1)  # fmt: skip
    assert set(references(english, words)) == {
        "article 600",
        "article 602", "article 192", "article 18", "article 22", "L425-1", "2004/81",
    }  # fmt: skip
    hu = type(page)(page.path, "hu", page.rel, page.meta,
                    "A 600-602. cikk, a 192. § és a 18. és 22. cikk; L425-1; 2004/81/EK irányelv.", 1)  # fmt: skip
    assert translation_problems(hu, english, words) == []
    act = type(english)(english.path, "en", english.rel, english.meta, "Act XC of 2023", 1)
    wrong = type(page)(page.path, "hu", page.rel, page.meta, "a 2023. évi XC} törvény", 1)
    assert [p.message for p in translation_problems(wrong, act, words)] == [
        "the English page cites Act XC 2023 (line 1), which this translation does not"
    ]


def test_a_footnote_citing_a_source_with_its_own_kind_takes_that_kind(mini_repo):
    """The table says news; the page's `sources` entry for the same address says official: no warning."""
    cfg = mini_repo
    (cfg.docs_dir / "source-kinds.yml").write_text("news: [example.org]\n", encoding="utf-8")
    _append(cfg, EN, "You have 45 days to decide.[^n1]\n\n[^n1]: The office, https://example.org/permit, 2026-11-20.\n")
    assert [m for *_, m in _warnings(cfg, "'45 days' rests only on")] == [
        "'45 days' rests only on news sources (example.org)"
    ]
    text = (cfg.root / EN).read_text(encoding="utf-8")
    (cfg.root / EN).write_text(
        text.replace("sources:\n", "sources:\n  - title: The office\n    url: https://example.org/permit\n"
                     "    accessed: 2026-11-20\n    kind: official\n", 1),
        encoding="utf-8",
    )  # fmt: skip
    assert _warnings(cfg, "'45 days' rests only on") == []
