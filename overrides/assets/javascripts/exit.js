// "Exit this page", after the GOV.UK Design System component (govuk-frontend exit-this-page.mjs):
// - every [data-kit-exit] link blanks the page at once, then leaves with location.replace(), so that Back does not
//   return to this page (GOV.UK assigns location.href; replace is stricter);
// - Shift pressed 3 times, each within 5 seconds of the last, does the same; any other key, a Shift that was part of
//   a combination (Shift+A) or the timeout resets the count; progress is announced in a role="status" region;
// - without JavaScript the links are ordinary links to the same neutral site.
(() => {
  const body = document.body;
  if (body.dataset.kitExitBound) return; // bind once, whatever loads this file
  body.dataset.kitExitBound = "true";

  const TIMEOUT_MS = 5000;
  const bar = document.querySelector(".kit-exit");
  const status = document.querySelector("[data-kit-exit-status]");
  const overlay = document.querySelector(".kit-exit-overlay");
  if (!bar || !status || !overlay) return;
  const destination = bar.querySelector("a[data-kit-exit]").href;
  let presses = 0;
  let timer = null;
  let lastKeyWasModified = false;

  function exitPage(url) {
    body.classList.add("kit-exiting");
    overlay.hidden = false;
    window.location.replace(url);
  }

  function showProgress() {
    bar.dataset.presses = String(presses);
    status.textContent = presses === 1 ? status.dataset.pressTwo : presses === 2 ? status.dataset.pressOne : "";
  }

  function reset(announce) {
    clearTimeout(timer);
    timer = null;
    presses = 0;
    bar.dataset.presses = "0";
    status.textContent = announce ? status.dataset.expired : "";
  }

  for (const link of document.querySelectorAll("a[data-kit-exit]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      exitPage(link.href);
    });
  }

  document.addEventListener(
    "keyup",
    (event) => {
      if (event.key === "Shift" && !lastKeyWasModified) {
        presses += 1;
        clearTimeout(timer);
        if (presses >= 3) {
          reset(false);
          exitPage(destination);
        } else {
          showProgress();
          timer = setTimeout(() => reset(true), TIMEOUT_MS);
        }
      } else if (timer) {
        reset(false);
      }
      lastKeyWasModified = event.shiftKey;
    },
    true,
  );

  // Coming back through the browser's page cache: show the page again and start counting afresh.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    body.classList.remove("kit-exiting");
    overlay.hidden = true;
    reset(false);
    lastKeyWasModified = false;
  });
})();
