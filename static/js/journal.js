// Journal autosave and reading toggles: let htmx show the server's refusal (422: e.g. a text that
// is too long; 403: the module is not open) in place instead of dropping it, as htmx does with
// error responses by default.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  const target = event.detail.target;
  if ((status === 422 || status === 403) && (target.classList.contains("journal-status") || target.classList.contains("section-done"))) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
