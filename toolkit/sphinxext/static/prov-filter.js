// Filters for the obligations table of the CoSP toolkit (toolkit.sphinxext, prov:obligations).
// Without this script the table is complete; with it, selects above the table hide the rows
// that do not match, and a live region says how many rows are shown.
"use strict";

(function () {
  const KIND_ORDER = ["mandatory", "consider", "optional"];
  const FILTERS = [
    { prefix: "prov-kind-", label: "Kind", all: "All kinds", order: KIND_ORDER },
    { prefix: "prov-chapter-", label: "Chapter", all: "All chapters" },
    { prefix: "prov-flag-", label: "Flag", all: "Any flag or none" },
    { prefix: "prov-reviewed-", label: "Reviewed", all: "Reviewed or not", order: ["yes", "no"] },
  ];

  function valuesOf(rows, prefix) {
    const values = [];
    for (const row of rows) {
      for (const name of row.classList) {
        if (name.startsWith(prefix)) {
          const value = name.slice(prefix.length);
          if (!values.includes(value)) values.push(value);
        }
      }
    }
    return values;
  }

  function optionText(prefix, value) {
    if (prefix === "prov-chapter-") return "Chapter " + value.toUpperCase();
    return value.charAt(0).toUpperCase() + value.slice(1);
  }

  function setUp(table, number) {
    const rows = Array.from(table.querySelectorAll("tbody tr"));
    const form = document.createElement("form");
    form.className = "prov-filter";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the obligations table");
    const selects = [];
    for (const filter of FILTERS) {
      const values = valuesOf(rows, filter.prefix);
      if (filter.order) values.sort((a, b) => filter.order.indexOf(a) - filter.order.indexOf(b));
      if (values.length === 0) continue;
      const label = document.createElement("label");
      label.textContent = filter.label;
      const select = document.createElement("select");
      select.id = "prov-filter-" + number + "-" + filter.prefix.slice(5, -1);
      select.dataset.prefix = filter.prefix;
      label.htmlFor = select.id; // wrapping and for=: every assistive technology finds it
      select.add(new Option(filter.all, ""));
      for (const value of values) select.add(new Option(optionText(filter.prefix, value), value));
      label.appendChild(select);
      form.appendChild(label);
      selects.push(select);
    }
    const status = document.createElement("p");
    status.className = "prov-filter-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    function apply() {
      let shown = 0;
      for (const row of rows) {
        const visible = selects.every(
          (select) => !select.value || row.classList.contains(select.dataset.prefix + select.value),
        );
        row.hidden = !visible;
        if (visible) shown += 1;
      }
      status.textContent = "Showing " + shown + " of " + rows.length + " obligations.";
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", (event) => event.preventDefault());
    const holder = table.closest(".table-wrapper") || table;
    holder.parentNode.insertBefore(form, holder);
    holder.parentNode.insertBefore(status, holder);
    apply();
  }

  function start() {
    document.querySelectorAll("table.prov-obligations").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
