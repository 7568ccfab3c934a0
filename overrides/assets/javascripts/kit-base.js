// Material's bootstrap (partials/javascripts/base.html), moved to a file so that the Content-Security-Policy needs no
// inline script. State is kept in memory for the page only: nothing is written to the reader's device.
(() => {
  const memory = new Map();
  // This file lives at assets/javascripts/: two levels up is the site's root, whatever the page.
  window.__md_scope = new URL("../..", document.currentScript.src);
  window.__md_hash = (value) => [...value].reduce((hash, char) => (hash << 5) - hash + char.charCodeAt(0), 0);
  window.__md_get = (key) => (memory.has(key) ? JSON.parse(memory.get(key)) : null);
  window.__md_set = (key, value) => {
    if (value === undefined) memory.delete(key);
    else memory.set(key, JSON.stringify(value));
  };
})();
