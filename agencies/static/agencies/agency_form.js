// The "Add agency" page: the sign-off box follows the agency's type (on for a state body) until
// the coordinator ticks or clears it themselves. Without this script the page still shows the
// default of the type it opened with, and the coordinator sets the box by hand.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("input[name=requires_sign_off][data-default-types]");
  const type = document.querySelector("select[name=type]");
  if (!box || !type) return;
  const signing = box.dataset.defaultTypes.split(" ");
  let touched = false;
  box.addEventListener("change", () => { touched = true; });
  type.addEventListener("change", () => {
    if (!touched) box.checked = signing.includes(type.value);
  });
});
