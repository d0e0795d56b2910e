// The report page: when it opens with a summary of errors or a conflict, move the focus to it
// and scroll it into view, so a person on a phone (where it may sit below the page's header)
// sees it and a screen reader reads it. Everything else works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-focus-on-load]");
  if (!summary) return;
  summary.focus({ preventScroll: true });
  summary.scrollIntoView({ block: "start" });
});
