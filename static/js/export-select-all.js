// The export page of the admin: the "Select all" box ticks or clears every column's box. It stands
// in for the onchange attribute of django-import-export's template, which the Content Security
// Policy does not let run (templates/admin/import_export/export.html).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
    toggle.addEventListener("change", function () {
      document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]').forEach(function (box) {
        box.checked = toggle.checked;
      });
    });
  });
});
