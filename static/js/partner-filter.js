// The case-study list of the admin: choosing a partner in the autocomplete box opens its case studies.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  if (!window.django || !window.django.jQuery) {
    return;
  }
  window.django.jQuery("#partner-filter select").on("select2:select select2:clear", function () {
    this.form.submit();
  });
});
