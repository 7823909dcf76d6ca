/* mmr-graph view: when entries came. A bar per month (the month an entry was first seen in its list when
   the graph has history facts, else its paper's month), as many entries as that month has under the other
   filters; a bar is a button that shows that month's entries (again: all months). And what the latest
   version of the list added, with a button to show only those entries. */
(function () {
  "use strict";
  const MMR = (window.MMR = window.MMR || {});
  const el = (...args) => MMR.el(...args);
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function monthName(value) {
    const [year, month] = value.split("-");
    return (MONTHS[Number(month) - 1] || month) + " " + year;
  }

  MMR.renderTimeline = function (container, model, state, vis, actions) {
    container.replaceChildren();
    const facet = model.facets.find((f) => f.id === "month");
    const info = (model.data.overview && model.data.overview.timeline) || {};
    const firstSeen = info.basis === "first seen";
    container.appendChild(el("h2", {}, firstSeen ? "Entries by the month they were first listed" : "Entries by their paper's month"));
    container.appendChild(el("p", { className: "muted overview-help" }, (firstSeen
      ? "From the list's history (mmr-graph history): the month each entry first appeared. "
      : "The paper's first submission (or the month of its arXiv id). ") + "Choose a bar to see that month's entries."));

    const change = model.facets.find((f) => f.id === "change");
    if (change && change.values.some((v) => v.id === "new")) {
      const chosen = !!(state.facets.change && state.facets.change.has("new"));
      const count = vis.counts.change.get("new") || 0;
      const button = el("button", { type: "button", id: "new-only", className: "new-toggle", "aria-pressed": String(chosen) });
      button.append(el("span", { className: "new-mark", "aria-hidden": "true" }), el("span", {},
        MMR.plural(count, "entry", "entries") + " new in the latest version" + (info.latest ? " (" + info.latest + ")" : "")));
      button.addEventListener("click", () => actions.facet("change", chosen ? [] : ["new"]));
      container.appendChild(button);
    }
    if (!facet) {
      container.appendChild(el("p", {}, "No entry has a date."));
      return;
    }
    const chosen = state.facets.month || new Set();
    const counts = facet.values.map((v) => vis.counts.month.get(v.id) || 0);
    const top = Math.max(1, ...counts);
    const chart = el("div", { className: "timeline", id: "timeline", role: "group", "aria-label": "Entries per month" });
    let year = null;
    facet.values.forEach((value, i) => {
      const [y, m] = value.id.split("-");
      const pressed = chosen.has(value.id);
      const bar = el("button", { type: "button", className: "month" + (pressed ? " chosen" : ""), "data-month": value.id,
        "aria-pressed": String(pressed), "aria-label": monthName(value.id) + ": " + MMR.plural(counts[i], "entry", "entries"), title: monthName(value.id) + ": " + counts[i] });
      const column = el("span", { className: "month-column" });
      const fill = el("span", { className: "month-bar" });
      fill.style.height = Math.round((100 * counts[i]) / top) + "%";
      column.append(el("span", { className: "month-count" }, String(counts[i])), fill);
      bar.append(column, el("span", { className: "month-label" }, MONTHS[Number(m) - 1] || m));
      bar.appendChild(el("span", { className: "month-year" }, y !== year ? y : ""));
      year = y;
      bar.addEventListener("click", () => actions.facet("month", pressed && chosen.size === 1 ? [] : [value.id]));
      chart.appendChild(bar);
    });
    container.appendChild(chart);
    if (chosen.size) {
      const line = el("p", { className: "overview-chosen" }, "Showing " + Array.from(chosen).sort().map(monthName).join(", ") + " ");
      const clear = el("button", { type: "button", id: "clear-months" }, "All months");
      clear.addEventListener("click", () => actions.facet("month", []));
      line.appendChild(clear);
      container.appendChild(line);
    }
  };
})();
