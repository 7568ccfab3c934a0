"""The weekly external-address check (kit/links.py, `build_kit.py links`), against a server on this machine."""

from __future__ import annotations

import http.server
import re
import subprocess
import sys
import threading

import pytest
from conftest import make_repo

from kit.content import load_content
from kit.links import check_all, external_urls, report


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self) -> None:
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/ok":
            self.send_response(200)
        elif self.path == "/no-head" and self.command == "GET":
            self.send_response(200)
        elif self.path == "/no-head":
            self.send_response(405)
        else:
            self.send_response(404)
        self.end_headers()

    do_HEAD = do_GET = _answer


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def test_addresses_are_found_with_their_place(mini_repo):
    urls = external_urls(mini_repo, load_content(mini_repo))
    assert "https://example.org/source" in urls
    assert all(re.fullmatch(r"content/\S+:\d+", where) for places in urls.values() for where in places)


def test_what_answers_and_what_does_not(server):
    urls = {f"{server}/{path}": [f"content/en/x.md:{n}"] for n, path in enumerate(["ok", "moved", "no-head", "gone"])}
    urls["http://127.0.0.1:9/refused"] = ["content/contacts/x.yml:4"]
    broken = check_all(urls, timeout=5)
    assert sorted((b.url.rsplit("/", 1)[1], b.problem.split(" (")[0], b.where) for b in broken) == [
        ("gone", "HTTP 404 Not Found", ("content/en/x.md:3",)),
        ("refused", "no answer", ("content/contacts/x.yml:4",)),
    ]
    text = report(broken, len(urls), "2026-11-30")
    assert text.startswith("Weekly check of 5 external addresses, 2026-11-30: **2 not answering**.")
    assert f"- [ ] {server}/gone: HTTP 404 Not Found. In: content/en/x.md:3" in text


def test_the_command_reports_in_markdown_and_fails_on_a_dead_address(tmp_path, server):
    cfg = make_repo(tmp_path / "repo")
    for path in [*cfg.docs_dir.rglob("*.md"), *cfg.docs_dir.rglob("*.yml")]:
        path.write_text(re.sub(r"https://[^\s)\]>\"']+", f"{server}/ok", path.read_text(encoding="utf-8")))
    legal = cfg.docs_dir / "en" / "belgium" / "legal.md"
    legal.write_text(legal.read_text(encoding="utf-8") + f"\nSee {server}/gone for more.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "build_kit.py", "links", "--format", "markdown"], cwd=cfg.root,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "**1 not answering**" in result.stdout
    assert re.search(
        rf"- \[ \] {re.escape(server)}/gone: HTTP 404 Not Found\. In: content/en/belgium/legal\.md:\d+", result.stdout
    )
