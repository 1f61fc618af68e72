// The catalog editor's rule form: the rule in words as it is typed (the server writes the words).
// Without JavaScript the form works the same; the words appear after saving.
const form = document.getElementById("rule-form");
const out = document.getElementById("rule-words");
if (form && out && form.dataset.wordsUrl) {
  let timer = 0;
  let asked = 0;
  const refresh = async () => {
    const mine = ++asked;
    try {
      const answer = await fetch(form.dataset.wordsUrl, {
        method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
      });
      const html = await answer.text();
      // A slower, older answer must not overwrite a newer one.
      if (mine === asked && (answer.ok || answer.status === 422)) {
        const parsed = new DOMParser().parseFromString(html, "text/html");
        out.replaceChildren(...parsed.body.childNodes);
      }
    } catch {
      // Offline or refused: the words stay as they were; saving still tells.
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
}
