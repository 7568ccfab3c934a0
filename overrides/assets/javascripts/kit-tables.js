// Material wraps wide tables in a scrolling box; keyboard users must be able to focus it to scroll it (WCAG 2.1.1,
// axe "scrollable-region-focusable"). The box is named after the table's first header cell.
// On a narrow screen a table wider than its column is shown as cards instead (kit.css, ".kit-stacked"): each cell
// carries its column's header as a label, and the table keeps its roles for screen readers once its display changes.
const kitTables = () => document.querySelectorAll(".md-typeset__scrollwrap");

function kitStack() {
  for (const wrap of kitTables()) {
    wrap.classList.remove("kit-stacked");
    const table = wrap.querySelector("table"), inner = wrap.firstElementChild;
    if (!table || !inner) continue;
    const style = getComputedStyle(inner);  // Material's box pads the table back into the text's column
    const column = wrap.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const width = Math.max(table.scrollWidth, table.getBoundingClientRect().width);
    if (width > column + 0.5) wrap.classList.add("kit-stacked");
  }
}

document$.subscribe(() => {
  for (const wrap of kitTables()) {
    if (wrap.hasAttribute("tabindex")) continue;
    const header = wrap.querySelector("th");
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", header ? header.textContent.trim() : "Table");
    const table = wrap.querySelector("table");
    if (!table) continue;
    const labels = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    table.setAttribute("role", "table");
    for (const group of table.querySelectorAll("thead, tbody")) group.setAttribute("role", "rowgroup");
    for (const row of table.querySelectorAll("tr")) {
      row.setAttribute("role", "row");
      [...row.children].forEach((cell, i) => {
        if (cell.tagName !== "TD") return;  // a header keeps its own role: Material styles [role=columnheader] as sortable
        cell.setAttribute("role", "cell");
        if (labels[i]) cell.dataset.label = labels[i];
      });
    }
  }
  kitStack();
});

addEventListener("resize", kitStack);  // the browser sends at most one resize event per frame
