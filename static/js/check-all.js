// "Alles aanvinken": a button with data-check-all="name" (or "name other …") ticks every checkbox of
// those names in its form.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-check-all]");
  if (!button) return;
  button.dataset.checkAll.split(" ").filter(Boolean).forEach((name) => {
    button.form.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((box) => { box.checked = true; });
  });
});
