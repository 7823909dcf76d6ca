/* mmr-graph view: the table. One row per visible node of the chosen kind (entries by default), the same
   filters as the graph, narrowed further by the search text, sortable by any column. */
(function () {
  "use strict";
  const MMR = (window.MMR = window.MMR || {});
  const el = (...args) => MMR.el(...args);
  const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

  function facetLabels(model, record, facetId) {
    const values = (record.facets || {})[facetId] || [];
    const known = model.facetValues.get(facetId);
    return known ? values.map((v) => (known.get(v) || { label: v }).label) : [];
  }

  /* Methods by their short notation (GRPO, SFT...): the full names make the column too wide. */
  function facetIds(record, facetId) {
    return ((record.facets || {})[facetId] || []).slice();
  }

  function entriesLinked(model, id, vis) {
    let count = 0;
    for (const nb of MMR.neighbours(model, id)) {
      if (model.data.records[nb.id].kind === "entry" && vis.visible[nb.id]) count += 1;
    }
    return count;
  }

  function factValue(record, name) {
    const fact = record.facts.find((f) => f[0] === name);
    return fact ? fact[1].join(", ") : "";
  }

  function columns(model, kind) {
    if (kind === "entry") {
      return [
        { id: "name", title: "Name", text: (r) => r.label, main: true },
        { id: "title", title: "Title", text: (r) => r.title, wide: true },
        { id: "section", title: "Section", text: (r) => facetLabels(model, r, "section").join("; ") },
        { id: "modality", title: "Modality", text: (r) => facetLabels(model, r, "modality").join(", ") },
        { id: "method", title: "Method", text: (r) => facetIds(r, "method").join(", "), tip: (r) => facetLabels(model, r, "method").join(", ") },
        { id: "venue", title: "Venue", text: (r) => facetLabels(model, r, "venue").join(", ") },
        { id: "arxiv", title: "arXiv", text: (r) => (r.search || []).find((t) => /^\d{4}\.\d{4,5}$/.test(t)) || "" },
        { id: "links", title: "Links", text: (r) => String(r.links.length), links: true },
      ];
    }
    return [
      { id: "name", title: "Name", text: (r) => r.label, main: true },
      { id: "title", title: "Title / description", text: (r) => (r.title !== r.label ? r.title : factValue(r, "Definition")), wide: true },
      { id: "entries", title: "Entries", text: (r, vis) => String(entriesLinked(model, r.id, vis)), numeric: true },
      { id: "links", title: "Link", text: (r) => String(r.links.length), links: true },
    ];
  }

  MMR.renderTable = function (table, model, state, vis, handlers) {
    const kind = state.rows;
    const cols = columns(model, kind);
    const sort = state.sort && cols.some((c) => c.id === state.sort.col) ? state.sort : kind === "entry" ? { col: "name", desc: false } : { col: "entries", desc: true };
    const q = state.query.trim().toLowerCase().replace(/^arxiv:\s*/, "");
    const rows = [];
    for (const record of model.data.records) {
      if (record.kind !== kind || !vis.visible[record.id]) continue;
      if (q && !record.haystack.includes(q)) continue;
      rows.push({ record, cells: cols.map((c) => c.text(record, vis)) });
    }
    const at = cols.findIndex((c) => c.id === sort.col);
    const numeric = cols[at].numeric;
    rows.sort((a, b) => {
      const x = a.cells[at], y = b.cells[at];
      let d = numeric ? Number(x) - Number(y) : collator.compare(x, y);
      if (!numeric && (x === "") !== (y === "")) return x === "" ? 1 : -1; // blanks last either way
      if (sort.desc) d = -d;
      return d || collator.compare(a.record.label, b.record.label) || a.record.id - b.record.id;
    });

    const head = el("tr", {});
    cols.forEach((col) => {
      const th = el("th", { scope: "col", "data-col": col.id });
      const button = el("button", { type: "button", className: "sort" }, col.title);
      if (col.id === sort.col) {
        th.setAttribute("aria-sort", sort.desc ? "descending" : "ascending");
        button.appendChild(el("span", { className: "arrow", "aria-hidden": "true" }, sort.desc ? " ▼" : " ▲"));
      }
      button.addEventListener("click", () => handlers.onSort(col.id, col.id === sort.col ? !sort.desc : !!col.numeric));
      th.appendChild(button);
      if (col.wide) th.className = "wide";
      head.appendChild(th);
    });
    table.tHead.replaceChildren(head);

    const body = document.createDocumentFragment();
    for (const row of rows) {
      const tr = el("tr", { "data-key": row.record.key });
      if (row.record.id === state.selected) tr.className = "selected";
      cols.forEach((col, i) => {
        const td = el("td", {});
        if (col.main) {
          td.className = "name";
          const button = el("button", { type: "button", className: "row-name" }, row.cells[i]);
          button.addEventListener("click", () => handlers.onSelect(row.record.id));
          td.appendChild(button);
        } else if (col.links) {
          for (const [label, url] of row.record.links) {
            const href = MMR.safeHref(url);
            if (href) td.appendChild(el("a", { href, target: "_blank", rel: "noopener noreferrer", title: url }, label));
            else td.appendChild(el("span", { className: "not-link", title: url }, label));
            td.appendChild(document.createTextNode(" "));
          }
        } else {
          td.textContent = row.cells[i];
          if (col.wide) td.className = "wide";
          if (col.tip) td.title = col.tip(row.record);
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    }
    table.tBodies[0].replaceChildren(body);
    return rows.length;
  };
})();
