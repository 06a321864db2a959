// The dashboard's only script: it keeps the page's figures live. The server draws every
// figure (charts and tables); on each new release of the feed (the feed API's stream)
// this asks the server for the figures again and swaps them in, keeping open tables open
// and the keyboard focus where it was. Without it the page still shows everything.
"use strict";

(function () {
  const figures = document.getElementById("figures");
  const status = document.getElementById("live-status");
  if (!figures || !window.EventSource) {
    if (status) status.textContent = "Live bijwerken is niet beschikbaar: herlaad de pagina.";
    return;
  }
  const name = figures.dataset.subscriber;
  const base = "/dashboard/" + encodeURIComponent(name);
  let refreshing = false;
  let again = false;

  function time() {
    return new Date().toLocaleTimeString("nl-NL");
  }

  async function refresh() {
    if (refreshing) {
      again = true; // one more once this one is done: releases arrive faster than pages
      return;
    }
    refreshing = true;
    try {
      do {
        again = false;
        const answer = await fetch(base + "/figures", { credentials: "same-origin" });
        if (answer.status === 401) {
          window.location.assign("/"); // the session ended: sign in again
          return;
        }
        if (!answer.ok) {
          status.textContent = "Bijwerken mislukt (" + answer.status + "); nieuwe poging bij de volgende publicatie.";
          continue;
        }
        swap(await answer.text());
        status.textContent = "Live bijgewerkt om " + time() + ".";
      } while (again);
    } finally {
      refreshing = false;
    }
  }

  function swap(html) {
    const open = new Set(
      Array.from(figures.querySelectorAll("details[open]"), (d) => d.id)
    );
    const focused = focusKey(document.activeElement);
    figures.innerHTML = html;
    for (const id of open) {
      const details = document.getElementById(id);
      if (details) details.open = true;
    }
    const target = focused && figures.querySelector(focused);
    if (target) target.focus();
  }

  // A selector that finds the focused control again in the new figures.
  function focusKey(element) {
    if (!element || !figures.contains(element)) return null;
    if (element.id) return "#" + CSS.escape(element.id);
    if (element.tagName === "SUMMARY" && element.parentElement.id) {
      return "#" + CSS.escape(element.parentElement.id) + " > summary";
    }
    if (element.tagName === "A") return 'a[href="' + CSS.escape(element.getAttribute("href")) + '"]';
    return null;
  }

  const after = figures.dataset.offset;
  const source = new EventSource(base + "/stream" + (after ? "?after=" + after : ""));
  source.addEventListener("open", () => {
    status.textContent = "Live: capaciteit en nieuwe publicaties verschijnen vanzelf.";
  });
  source.addEventListener("release", () => {
    refresh();
  });
  source.addEventListener("error", () => {
    status.textContent = "Live verbinding onderbroken; de browser probeert opnieuw.";
  });
})();
