// A ballot question with several choices: once max_choices boxes are ticked the others are disabled, so a
// ballot with too many choices cannot be sent by mistake (the server refuses it anyway).
(function () {
  function update(fieldset) {
    var max = parseInt(fieldset.dataset.maxChoices, 10);
    var boxes = fieldset.querySelectorAll("input[type=checkbox]");
    if (!boxes.length) { return; }
    var checked = fieldset.querySelectorAll("input[type=checkbox]:checked").length;
    boxes.forEach(function (box) { box.disabled = !box.checked && checked >= max; });
    var counter = fieldset.querySelector(".ballot-counter");
    if (counter) { counter.textContent = "Đã chọn " + checked + "/" + max + "."; }
  }
  document.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset[data-max-choices]");
    if (fieldset) { update(fieldset); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("fieldset[data-max-choices]").forEach(update);
  });
})();
