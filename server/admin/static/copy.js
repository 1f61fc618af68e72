// The back office's copy buttons (the getting-started snippet, a new API key).
// Without JavaScript, or without a clipboard (plain http on another host), the buttons stay
// hidden and the text stays selectable: nothing on the page depends on this file.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.status);
  if (source && status && navigator.clipboard) {
    button.hidden = false;
    // The "select the text" hint is for pages without a working button.
    for (const hint of document.querySelectorAll(`[data-copy-hint="${button.dataset.copy}"]`)) hint.hidden = true;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
        status.textContent = button.dataset.copied;
      } catch {
        status.textContent = button.dataset.failed;
      }
    });
  }
}
