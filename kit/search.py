"""One search index per language, so that a search on a French page finds French pages only.

mkdocs-static-i18n merges every language into one index at the site's root; this splits it again and each
language's pages point Material's search at their own index (overrides/main.html sets `base` to the language root).
Each index asks for the full pipeline, so that Material's worker stems with the index's language (lunr-languages);
the kit's worker (overrides/assets/javascripts/workers/kit-search.js) adds accent folding and stems the query words.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

# Material's names for lunr's pipeline functions; the worker removes those not listed (MkDocs' default keeps only
# the stop-word filter, which would leave every language without its stemmer).
PIPELINE = ["trimmer", "stopWordFilter", "stemmer"]


def split_search_index(site_dir: Path, default: str, languages: list[str]) -> None:
    merged_path = site_dir / "search" / "search_index.json"
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    others = [lang for lang in languages if lang != default]
    for lang in languages:
        if lang == default:
            docs = [d for d in merged["docs"] if not d["location"].startswith(tuple(f"{o}/" for o in others))]
            target = merged_path
        else:
            prefix = f"{lang}/"
            docs = [
                {**d, "location": d["location"][len(prefix) :]}
                for d in merged["docs"]
                if d["location"].startswith(prefix)
            ]
            target = site_dir / lang / "search" / "search_index.json"
        index = {"config": {**merged["config"], "lang": [lang], "pipeline": PIPELINE}, "docs": docs}
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, target)
