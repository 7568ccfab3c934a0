// Material wraps wide tables in a scrolling box; keyboard users must be able to focus it to scroll it (WCAG 2.1.1,
// axe "scrollable-region-focusable"). The box is named after the table's first header cell.
document$.subscribe(() => {
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])")) {
    const header = wrap.querySelector("th");
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", header ? header.textContent.trim() : "Table");
  }
});
