// "Alles aanvinken": a button with data-check-all="name" ticks every checkbox of that name in its form.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-check-all]");
  if (!button) return;
  const name = button.dataset.checkAll;
  button.form.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((box) => { box.checked = true; });
});
