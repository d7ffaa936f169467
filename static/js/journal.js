// Journal autosave: let htmx show the server's 422 message (e.g. a text that is too long)
// in the status line instead of dropping it, as htmx does with error responses by default.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 422 && event.detail.target.classList.contains("journal-status")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
