// The price pages' small helpers; every form works the same without this file.
// - The matrix import: a paste into the cells box goes to the preview at once (the same POST as the
//   "Preview" button), so a dealer copies a block out of a spreadsheet and sees it read, cell by cell.
// - The price form: choosing another kind shows that kind's fields (the same POST as "Show fields").
for (const box of document.querySelectorAll("textarea[data-paste]")) {
  box.addEventListener("paste", () => {
    // The pasted text lands after this event; submit once it is in the box.
    setTimeout(() => {
      if (box.value.trim() && box.form) box.form.requestSubmit();
    }, 0);
  });
}
for (const button of document.querySelectorAll("button[data-kind-button]")) {
  const select = button.form && button.form.elements.namedItem("kind");
  if (select) {
    button.hidden = true;
    select.addEventListener("change", () => button.form.requestSubmit(button));
  }
}
