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

  // A word as the index holds it; a stop word, which the pipeline drops, stays (folded) for prefix matching.
  const indexed = (word) => {
    const lower = word.toLowerCase();
    const [stem] = indexPipeline.runString(lower);
    return stem || fold(lower);
  };

  // Plain words only, with an optional + or - and a trailing *: anything with lunr syntax (field:, ~, ^, quotes)
  // is left to Material and lunr as typed.
  const PLAIN = /^([+-]?)([\p{L}\p{N}][^\s*~^:"]*?)(\*?)$/u;
  const rewrite = (query) => {
    if (indexPipeline === null) return query;
    return query
      .split(/(\s+)/)
      .map((part) => {
        const match = PLAIN.exec(part);
        if (!match) return part;
        const [, presence, word, wildcard] = match;
        return word
          .split(lunr.tokenizer.separator)
          .filter((piece) => piece.length > 0)
          .map((piece) => presence + indexed(piece) + wildcard)
          .join(" ");
      })
      .join("");
  };

  register.call(self, "message", (event) => {
    const message = event.data;
    if (message && message.type === QUERY && typeof message.data === "string") {
      return material({ data: { ...message, data: rewrite(message.data) } });
    }
    return material(event);
  });
})();
