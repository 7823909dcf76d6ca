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

  const RECENT_YEARS = 2; // month by month over the last two calendar years; earlier, a bar per year
  const ALL_MONTHS = 30; // a timeline spanning this many months or fewer is month by month throughout
  const monthIndex = (id) => Number(id.slice(0, 4)) * 12 + Number(id.slice(5, 7)) - 1;
  const monthId = (i) => Math.floor(i / 12) + "-" + String((i % 12) + 1).padStart(2, "0");

  /* The bars: one per month from the first month with entries to the last (empty months too, so the
     axis is time), except that a long timeline has one bar per year before its last two years. Each bar
     carries the months (of the facet) it stands for. */
  function bins(months) {
    if (!months.length) return [];
    const first = monthIndex(months[0]);
    const last = monthIndex(months[months.length - 1]);
    const monthly = last - first < ALL_MONTHS ? first : Math.max(first, (Math.floor(last / 12) - RECENT_YEARS + 1) * 12);
    const present = new Set(months);
    const out = [];
    for (const month of months) {
      if (monthIndex(month) >= monthly) break;
      const year = month.slice(0, 4);
      if (!out.length || out[out.length - 1].id !== year) out.push({ id: year, label: "’" + year.slice(2), name: year, year, whole: true, months: [] });
      out[out.length - 1].months.push(month);
    }
    for (let i = monthly; i <= last; i++) {
      const id = monthId(i);
      out.push({ id, label: MONTHS[i % 12], name: monthName(id), year: id.slice(0, 4), whole: false, months: present.has(id) ? [id] : [] });
    }
    return out;
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
    const count = (months) => months.reduce((n, m) => n + (vis.counts.month.get(m) || 0), 0);
    const shown = bins(facet.values.map((v) => v.id)).map((bin) => Object.assign(bin, { count: count(bin.months) }));
    const top = Math.max(1, ...shown.map((bin) => bin.count));
    const chart = el("div", { className: "timeline", id: "timeline", role: "group", "aria-label": "Entries per month" });
    const width = Math.max(22, Math.min(40, Math.floor((container.clientWidth - 20) / shown.length) - 2));
    let year = null;
    for (const bin of shown) {
      const pressed = bin.months.length > 0 && bin.months.length === chosen.size && bin.months.every((m) => chosen.has(m));
      const attrs = { type: "button", className: "month" + (pressed ? " chosen" : "") + (bin.whole ? " whole-year" : ""),
        "aria-pressed": String(pressed), "aria-label": bin.name + ": " + MMR.plural(bin.count, "entry", "entries"), title: bin.name + ": " + bin.count };
      attrs[bin.whole ? "data-year" : "data-month"] = bin.id;
      const bar = el("button", attrs);
      bar.style.width = width + "px";
      if (!bin.months.length) bar.disabled = true; // a month without entries: nothing to show
      const column = el("span", { className: "month-column" });
      const fill = el("span", { className: "month-bar" });
      fill.style.height = Math.round((100 * bin.count) / top) + "%";
      column.append(el("span", { className: "month-count" }, String(bin.count)), fill);
      bar.append(column, el("span", { className: "month-label" }, bin.label));
      bar.appendChild(el("span", { className: "month-year" }, !bin.whole && bin.year !== year ? bin.year : ""));
      year = bin.whole ? null : bin.year;
      bar.addEventListener("click", () => actions.facet("month", pressed ? [] : bin.months));
      chart.appendChild(bar);
    }
    container.appendChild(chart);
    if (shown.some((b) => b.whole)) container.appendChild(el("p", { className: "muted overview-note" }, "Before " + shown.find((b) => !b.whole).year + ": one lighter bar per year."));
    chart.scrollLeft = chart.scrollWidth; // the latest months first in view
    if (chosen.size) {
      const picked = Array.from(chosen).sort();
      const bin = shown.find((b) => b.months.length === picked.length && b.months.every((m) => chosen.has(m)));
      const what = bin ? bin.name : picked.length > 2 ? monthName(picked[0]) + " to " + monthName(picked[picked.length - 1]) + " (" + picked.length + " months with entries)" : picked.map(monthName).join(", ");
      const line = el("p", { className: "overview-chosen" }, "Showing " + what + " ");
      const clear = el("button", { type: "button", id: "clear-months" }, "All months");
      clear.addEventListener("click", () => actions.facet("month", []));
      line.appendChild(clear);
      container.appendChild(line);
    }
  };
})();
