"""The Content-Security-Policy check that runs after every site build (kit/csp.py), on examples and on the site."""

from __future__ import annotations

from kit.config import config
from kit.csp import POLICY, page_problems, script_hash, site_problems

HEAD = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}"><meta name="referrer" content="no-referrer">'


def page(head: str = HEAD, body: str = "") -> str:
    return f"<!doctype html><html><head>{head}<title>t</title></head><body>{body}</body></html>"


def test_a_page_that_keeps_to_the_policy_passes():
    assert (
        page_problems(page(body='<script src="a.js"></script><script type="application/json">{"a":1}</script>')) == []
    )


def test_the_policy_has_no_unsafe_source_and_denies_by_default():
    assert POLICY.startswith("default-src 'none'")
    assert "unsafe-inline" not in POLICY and "unsafe-eval" not in POLICY
    assert "script-src 'self'" in POLICY and "http" not in POLICY


def test_an_inline_script_is_named_with_its_hash():
    problems = page_problems(page(body="<script>alert(1)</script>"))
    assert problems == [f"inline script not on the list ({script_hash('alert(1)')}): 'alert(1)'"]


def test_event_handlers_inline_styles_and_third_party_resources_are_refused():
    body = '<img src="x.png" onerror="go()"><p style="color:red">x</p><img src="https://tracker.example/p.png">'
    assert page_problems(page(body=body)) == [
        "event handler attribute onerror= on <img>",
        "inline style on <p> (blocked by style-src 'self')",
        "third-party resource <img src='https://tracker.example/p.png'>",
    ]


def test_the_policy_must_come_first_and_be_the_one_in_kit_csp():
    late = page(head='<meta charset="utf-8">' + HEAD)
    assert page_problems(late) == ["the Content-Security-Policy <meta> is not the first element of <head>"]
    other = page(head=HEAD.replace("default-src 'none'", "default-src *"))
    assert page_problems(other) == ["the Content-Security-Policy <meta> differs from kit.csp.POLICY"]
    assert page_problems(page(head=HEAD.replace("no-referrer", "origin"))) == [
        'no <meta name="referrer" content="no-referrer">'
    ]


def test_every_page_of_the_built_site_keeps_to_the_policy():
    pages = list(config().site_dir.rglob("*.html"))
    assert len(pages) > 150
    assert site_problems(config().site_dir) == []
