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

  /* What a resource is, in words: its own title or description, else the titles of the entries that list
     it (a dataset or repository has only its name in the graph). */
  function describe(model, record) {
    if (record.title && record.title !== record.label) return record.title;
    const own = factValue(record, "Description") || factValue(record, "Definition");
    if (own) return own;
    const titles = [];
    for (const nb of MMR.neighbours(model, record.id)) {
      const other = model.data.records[nb.id];
      if (other.kind === "entry") titles.push(other.title || other.label);
    }
    if (!titles.length) return "";
    titles.sort(collator.compare);
    return "Listed with " + titles[0] + (titles.length > 1 ? " (and " + (titles.length - 1) + " more)" : "");
  }

  /* Columns, most important first within each kind: ``rank`` 0 is always shown; the others are shown in
     rank order while their minimum widths (px, as in the stylesheet) fit the pane. */
  function columns(model, kind) {
    if (kind === "entry") {
      const facet = (id) => model.facets.find((f) => f.id === id);
      const cols = [
        { id: "name", title: "Name", text: (r) => r.label, main: true, rank: 0, min: 140 },
        { id: "title", title: "Title", text: (r) => r.title, rank: 0, min: 280 },
        { id: "section", title: "Section", text: (r) => facetLabels(model, r, "section").map(leaf).join("; "), tip: (r) => facetLabels(model, r, "section").join("; "), rank: 3, min: 110 },
        { id: "modality", title: "Modality", text: (r) => facetLabels(model, r, "modality").join(", "), rank: 2, min: 90 },
        { id: "method", title: "Method", text: (r) => facetIds(r, "method").join(", "), tip: (r) => facetLabels(model, r, "method").join(", "), rank: 1, min: 80 },
        { id: "venue", title: "Venue", text: (r) => facetLabels(model, r, "venue").join(", "), rank: 4, min: 80 },
        { id: "arxiv", title: "arXiv", text: (r) => (r.search || []).find((t) => /^\d{4}\.\d{4,5}$/.test(t)) || "", rank: 5, min: 100 },
        { id: "links", title: "Links", text: (r) => String(r.links.length), links: true, rank: 6, min: 120 },
      ];
      // several lists: which ones (after the title); dates: the month (before the arXiv id)
      if (facet("month")) cols.splice(6, 0, { id: "month", title: facet("month").name, text: (r) => facetIds(r, "month").join(", "), rank: 4.5, min: 80 });
      if (facet("list")) cols.splice(2, 0, { id: "lists", title: "Lists", text: (r) => facetLabels(model, r, "list").join("; "), rank: 5.5, min: 130 });
      return cols;
    }
    return [
      { id: "name", title: "Name", text: (r) => r.label, main: true, rank: 0, min: 150 },
      { id: "title", title: "Title / description", text: (r) => describe(model, r), rank: 0, min: 220 },
      { id: "entries", title: "Entries", text: (r, vis) => String(entriesLinked(model, r.id, vis)), numeric: true, rank: 1, min: 70 },
      { id: "links", title: "Link", text: (r) => String(r.links.length), links: true, rank: 2, min: 110 },
    ];
  }

  const leaf = (label) => label.split(" › ").pop();

  /* Leaves out the columns that do not fit ``width`` pixels (all fit in the wide table); returns their
     titles. Cells stay in the DOM: a class on the table hides them, so resizing never re-renders. */
  MMR.fitTable = function (table, width) {
    const cols = table._columns || [];
    let used = 0;
    const hidden = [];
    const ordered = cols.slice().sort((a, b) => a.rank - b.rank);
    for (const col of ordered) {
      if (col.rank === 0 || used + col.min <= width) used += col.min;
      else hidden.push(col);
    }
    for (const col of cols) table.classList.toggle("hide-" + col.id, hidden.includes(col));
    return cols.filter((c) => hidden.includes(c)).map((c) => c.title);
  };

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
      th.className = "col-" + col.id;
      head.appendChild(th);
    });
    table.tHead.replaceChildren(head);
    table._columns = cols;

    const body = document.createDocumentFragment();
    for (const row of rows) {
      const tr = el("tr", { "data-key": row.record.key });
      if (row.record.id === state.selected) tr.className = "selected";
      cols.forEach((col, i) => {
        const td = el("td", { className: "col-" + col.id });
        if (col.main) {
          const button = el("button", { type: "button", className: "row-name", title: row.cells[i] }, row.cells[i]);
          button.addEventListener("click", () => handlers.onSelect(row.record.id));
          td.appendChild(button);
          const change = ((row.record.facets || {}).change || [])[0];
          if (change) td.appendChild(el("span", { className: "change-badge " + change }, change === "new" ? "new" : "removed"));
        } else if (col.links) {
          for (const [label, url] of row.record.links) {
            const href = MMR.safeHref(url);
            if (href) td.appendChild(el("a", { href, target: "_blank", rel: "noopener noreferrer", title: url }, label));
            else td.appendChild(el("span", { className: "not-link", title: url }, label));
            td.appendChild(document.createTextNode(" "));
          }
        } else {
          td.textContent = row.cells[i];
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
