/* mmr-graph view: how the lists overlap, as a matrix (lists x lists). A cell off the diagonal gives the
   papers two lists share and their Jaccard index (shared over the papers of either), coloured by Jaccard;
   the diagonal gives each list's papers and how many only it has. The figures are those of
   `mmr-graph overlap` (computed by the build). A cell is a button: it shows the entries listed in both
   lists (the diagonal: in that list); choosing it again clears that. */
(function () {
  "use strict";
  const MMR = (window.MMR = window.MMR || {});
  const el = (...args) => MMR.el(...args);

  /* Jaccard 0..1 -> a blue of one hue, lighter to darker (on a square-root scale: the lists of a field
     mostly overlap little, and small values should still differ); text stays readable on it. */
  function shade(jaccard) {
    const t = Math.sqrt(Math.max(0, Math.min(1, jaccard)));
    const light = Math.round(97 - t * 62); // 97% (almost white) .. 35%
    return { background: `hsl(207, 70%, ${light}%)`, color: light < 50 ? "#ffffff" : "#1f2328" };
  }
  MMR.jaccardShade = shade;

  const pct = (j) => j.toFixed(2);

  /* Entries listed in every list of ``lists`` (what the cell's click shows, before other filters). */
  function entriesIn(model, lists) {
    let count = 0;
    for (const id of model.entries) {
      const mine = (model.data.records[id].facets || {}).list || [];
      if (lists.every((l) => mine.includes(l))) count += 1;
    }
    return count;
  }

  MMR.renderOverlap = function (container, model, state, actions) {
    container.replaceChildren();
    const overlap = model.data.overview && model.data.overview.overlap;
    if (!overlap) return false;
    const lists = overlap.lists;
    const pair = new Map();
    for (const p of overlap.pairs) {
      pair.set(p.a + "\n" + p.b, p);
      pair.set(p.b + "\n" + p.a, p);
    }
    const chosen = Array.from(state.both || []).sort().join("\n");

    container.appendChild(el("h2", {}, "How the lists overlap"));
    container.appendChild(el("p", { className: "muted overview-help" },
      "Papers two lists share and their Jaccard index (shared ÷ papers in either); darker is more overlap. " +
      "Choose a cell to see the entries listed in both."));
    const wrap = el("div", { className: "matrix-wrap" });
    const table = el("table", { className: "matrix", id: "overlap-matrix" });
    const head = el("tr", {});
    head.appendChild(el("th", { scope: "col", className: "corner" }, ""));
    lists.forEach((list, i) => head.appendChild(el("th", { scope: "col", title: list.title }, String(i + 1))));
    table.appendChild(el("thead")).appendChild(head);
    const body = el("tbody");
    lists.forEach((row, i) => {
      const tr = el("tr", {});
      const th = el("th", { scope: "row", className: "matrix-list", title: row.title });
      th.append(el("span", { className: "matrix-index" }, String(i + 1)), el("span", { className: "matrix-title" }, row.title));
      tr.appendChild(th);
      lists.forEach((col) => {
        const td = el("td", {});
        const same = row.id === col.id;
        const p = same ? null : pair.get(row.id + "\n" + col.id);
        const members = same ? [row.id] : [row.id, col.id].sort();
        const both = entriesIn(model, members);
        const button = el("button", { type: "button", className: "cell" + (same ? " diagonal" : ""), "data-a": row.id, "data-b": col.id });
        if (same) {
          button.append(el("span", { className: "cell-main" }, String(row.papers)), el("span", { className: "cell-sub" }, row.only + " only"));
          button.setAttribute("aria-label", `${row.title}: ${MMR.plural(row.papers, "paper")}, ${row.only} in no other list, ${MMR.plural(row.entries, "entry", "entries")}. Show its entries.`);
          button.title = `${row.title}: ${MMR.plural(row.papers, "paper")} (${row.only} in no other list), ${MMR.plural(row.entries, "entry", "entries")}`;
        } else {
          const look = shade(p.jaccard);
          button.style.background = look.background;
          button.style.color = look.color;
          button.append(el("span", { className: "cell-main" }, String(p.shared)), el("span", { className: "cell-sub" }, "J " + pct(p.jaccard)));
          const text = `${row.title} and ${col.title}: ${MMR.plural(p.shared, "shared paper")}, Jaccard ${pct(p.jaccard)}, ${MMR.plural(both, "entry", "entries")} in both`;
          button.setAttribute("aria-label", text + ". Show those entries.");
          button.title = text;
        }
        const pressed = members.join("\n") === chosen;
        button.setAttribute("aria-pressed", String(pressed));
        button.addEventListener("click", () => actions.both(pressed ? [] : members));
        td.appendChild(button);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    container.appendChild(wrap);

    const key = el("div", { className: "matrix-key", "aria-hidden": "true" });
    key.appendChild(el("span", {}, "Jaccard"));
    for (const j of [0, 0.05, 0.1, 0.25, 0.5, 1]) {
      const swatch = el("span", { className: "swatch" }, String(j));
      const look = shade(j);
      swatch.style.background = look.background;
      swatch.style.color = look.color;
      key.appendChild(swatch);
    }
    container.appendChild(key);
    const k = Object.entries(overlap.in_k).map(([n, count]) => MMR.plural(count, "paper") + " in " + MMR.plural(Number(n), "list"));
    container.appendChild(el("p", { className: "overview-note" }, k.join(" · ")));
    if (state.both && state.both.size) {
      const names = Array.from(state.both).map((id) => (lists.find((l) => l.id === id) || { title: id }).title);
      const line = el("p", { className: "overview-chosen" }, "Showing the entries listed in " + (names.length > 1 ? "both " + names.join(" and ") : names[0]) + " ");
      const clear = el("button", { type: "button", id: "clear-overlap" }, "Show all");
      clear.addEventListener("click", () => actions.both([]));
      line.appendChild(clear);
      container.appendChild(line);
    }
    return true;
  };
})();
