// The kit's search worker: Material's own worker (loaded below, unchanged), with word forms and accents.
//
// Each language's index (kit/search.py) asks for the full pipeline (trimmer, stop words, the language's stemmer),
// so Material loads lunr-languages' stemmer for the index's one language. Two things are added here:
// 1. Accents are folded after stemming, on the indexed words and on the query ("séjour" and "sejour" meet).
//    Only the index's words are folded: the documents keep their text, so result previews show the accents.
// 2. Material adds a trailing wildcard to every query word, and lunr skips the pipeline for wildcard words, so a
//    query word would be compared unstemmed against stemmed words ("victimes*" never meets "victim"). Each plain
//    query word is therefore run through the index's own pipeline first; Material's wildcard then applies to the stem.
// Material documents the worker as replaceable ("search" in the page's __config, set in overrides/main.html).
"use strict";

(() => {
  const MATERIAL_WORKER = "search.a7633da7.min.js"; // the theme's worker, in this folder (docs/maintainers/upgrading.md)
  const QUERY = 2; // Material's SearchMessageType.QUERY

  // Material's worker answers through one "message" listener: keep it, to hand it the rewritten query.
  let material = null;
  const register = self.addEventListener;
  self.addEventListener = (type, listener, options) => {
    if (type === "message" && material === null) material = listener;
    else register.call(self, type, listener, options);
  };
  importScripts(MATERIAL_WORKER);
  self.addEventListener = register;

  const lunr = self.lunr;
  const LIGATURES = { œ: "oe", æ: "ae" };
  const fold = (word) =>
    word
      .normalize("NFD")
      .replace(/\p{M}+/gu, "")
      .replace(/[œæ]/g, (ligature) => LIGATURES[ligature]);
  const foldAccents = (token) => token.update(fold);
  lunr.Pipeline.registerFunction(foldAccents, "kitFoldAccents");

  // Material sets the pipeline up (language, then its removals) before adding the first document: append the
  // folding there, whatever the language, and keep the pipeline for the queries.
  let indexPipeline = null;
  const prepared = new WeakSet();
  const add = lunr.Builder.prototype.add;
  lunr.Builder.prototype.add = function (doc, attributes) {
    if (!prepared.has(this)) {
      prepared.add(this);
      this.pipeline.add(foldAccents);
      this.searchPipeline.add(foldAccents);
      indexPipeline = this.pipeline;
    }
    return add.call(this, doc, attributes);
  };

  // Plain words, with an optional + or -, field (title:) and trailing *: anything else with lunr syntax (~, ^) is
  // left to Material and lunr as typed.
  const TERM = /^([+-]?)((?:title|text|tags):)?([\p{L}\p{N}][^\s*~^:"]*?)(\*?)$/u;
  const term = (part) => {
    const match = TERM.exec(part);
    if (!match) return part;
    const [, presence, field = "", word, wildcard] = match;
    return word
      .split(lunr.tokenizer.separator)
      .filter((piece) => piece.length > 0)
      .map((piece) => {
        const lower = piece.toLowerCase();
        const [stem] = indexPipeline.runString(lower); // none for a stop word
        // Material adds no wildcard to a + or - word, so lunr stems and folds it itself (search pipeline): pass
        // the word, or nothing for a stop word, which the index does not hold and a required word would demand.
        if (presence && !wildcard) return stem ? presence + field + lower : "";
        // A stop word stays as typed (folded), for prefix matching while the reader types ("de" of "demande").
        return presence + field + (stem || fold(lower)) + wildcard;
      })
      .filter((piece) => piece.length > 0)
      .join(" ");
  };

  const rewrite = (query) => {
    if (indexPipeline === null) return query;
    // A quoted phrase requires each of its words (Material turns it into +word +word): done here, so that its
    // stop words can be left out.
    const unquoted = query.replace(/"([^"]+)"/g, (_, phrase) =>
      phrase
        .trim()
        .split(/\s+/)
        .map((word) => (/^[+-]/.test(word) ? word : `+${word}`))
        .join(" "),
    );
    return unquoted.split(/(\s+)/).map(term).join("");
  };

  register.call(self, "message", (event) => {
    const message = event.data;
    if (message && message.type === QUERY && typeof message.data === "string") {
      return material({ data: { ...message, data: rewrite(message.data) } });
    }
    return material(event);
  });
})();
