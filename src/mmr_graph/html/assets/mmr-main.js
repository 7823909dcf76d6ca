/* mmr-graph view: wiring. One state object (selection, search, filters, view, sort, physics) is the
   single source of truth; every change goes through apply(), which updates the graph, the panels, the
   table and the URL hash. Loading a URL with a hash restores the same state. */
(function () {
  "use strict";
  const MMR = window.MMR;
  const $ = (id) => document.getElementById(id);

  const timings = (MMR.timings = { start: performance.now() });
  const model = MMR.load($("graph-data"));
  timings.parsed = performance.now();
  let state = MMR.fromHash(model, location.hash);
  if (!location.hash && model.data.focus !== null) state.selected = model.data.focus;
  let vis = null;
  let graph = null;
  let writtenHash = location.hash.replace(/^#/, "");
  let ready = false;

  const updateFilters = MMR.buildFilters($("filters"), model, (facet, value, checked) => {
    if (facet === "kind") {
      if (checked) state.hidden.delete(value);
      else state.hidden.add(value);
    } else {
      const chosen = state.facets[facet] || (state.facets[facet] = new Set());
      if (checked) chosen.add(value);
      else chosen.delete(value);
    }
    apply();
    if (graph && state.view === "graph" && graph.isStabilized()) graph.fit();
  });
  MMR.renderLegend($("legend"), model);

  const rowsSelect = $("table-kind");
  for (const kind of model.kinds) rowsSelect.appendChild(MMR.el("option", { value: kind.id }, kind.name));
  rowsSelect.addEventListener("change", () => {
    state.rows = rowsSelect.value;
    state.sort = null;
    apply();
  });

  const searchInput = $("search");
  searchInput.value = state.query;
  // In the graph the search suggests nodes to jump to; in the table it narrows the rows (Enter opens the first).
  const search = MMR.bindSearch(searchInput, $("suggestions"), model, () => (vis ? vis.visible : null), (id) => select(id, true), (text) => {
    state.query = text;
    if (state.view === "table") apply();
    else writeHash();
  }, () => state.view === "graph");

  const actions = {
    select: (id) => select(id, true),
    focus: (id) => {
      showView("graph");
      select(id, true);
    },
    filter: (facet, value) => {
      state.facets[facet] = new Set([value]);
      apply();
      if (graph && state.view === "graph") graph.fit();
    },
    /* the overview's choices: entries in all of these lists; these values of a facet (none: all) */
    both: (lists) => {
      state.both = new Set(lists);
      apply();
    },
    facet: (facet, values) => {
      if (values.length) state.facets[facet] = new Set(values);
      else delete state.facets[facet];
      apply();
    },
  };

  function select(id, focus) {
    state.selected = id;
    if (id !== null && id !== undefined) state.details = true; // choosing something shows its details
    apply();
    if (focus && graph && state.view === "graph") graph.focus(id, true);
  }

  function writeHash() {
    const hash = MMR.toHash(model, state);
    if (hash === writtenHash) return;
    writtenHash = hash;
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }

  function ensureGraph() {
    if (graph) return;
    graph = MMR.createGraph($("graph"), model, {
      onSelect: (id) => select(id, false),
      onReady: () => {
        timings.drawn = performance.now();
        $("loading").hidden = true;
        if (state.selected !== null && vis.visible[state.selected]) graph.focus(state.selected, false);
        markReady();
      },
    });
    graph.setPhysics(state.physics);
    timings.network = performance.now();
  }

  function markReady() {
    if (ready) return;
    ready = true;
    MMR.ready = { ms: performance.now(), nodes: model.n, edges: model.data.edges.length };
    document.body.dataset.state = "ready";
  }

  function showView(view) {
    if (state.view === view) return;
    state.view = view;
    apply();
  }

  /* Which panels show: the filters and the details unless closed; the wide table closes both and shows
     the details of a chosen row over the table. */
  function applyPanels() {
    const wide = state.view === "table" && state.wide;
    const layout = $("layout");
    layout.classList.toggle("no-filters", wide || !state.filters);
    layout.classList.toggle("no-details", wide || !state.details);
    layout.classList.toggle("overlay", wide && state.details && state.selected !== null);
    $("toggle-filters").setAttribute("aria-expanded", String(!wide && state.filters));
    $("toggle-details").setAttribute("aria-expanded", String(wide ? state.details && state.selected !== null : state.details));
    $("wide").setAttribute("aria-pressed", String(state.wide));
  }

  function fitTable() {
    const hidden = MMR.fitTable($("table"), $("table-wrap").clientWidth);
    $("table-hidden").textContent = hidden.length ? "Hidden: " + hidden.join(", ") : "";
  }

  function apply() {
    vis = MMR.visibility(model, state);
    updateFilters(state, vis);
    applyPanels();
    const inGraph = state.view === "graph";
    for (const view of ["graph", "table", "overview"]) {
      $(view + "-view").hidden = state.view !== view;
      $("tab-" + view).setAttribute("aria-selected", String(state.view === view));
    }
    if (state.view === "overview") {
      $("overlap").hidden = !MMR.renderOverlap($("overlap"), model, state, actions);
      MMR.renderTimeline($("timeline-card"), model, state, vis, actions);
      if (graph) {
        graph.setVisible(vis.visible);
        graph.highlight(state.selected);
      }
      markReady();
    } else if (inGraph) {
      const fresh = !graph;
      ensureGraph();
      graph.setVisible(vis.visible);
      graph.highlight(state.selected);
      if (!fresh) graph.network.redraw();
    } else {
      rowsSelect.value = state.rows;
      const count = MMR.renderTable($("table"), model, state, vis, {
        onSelect: (id) => select(id, false),
        onSort: (col, desc) => {
          state.sort = { col, desc };
          apply();
        },
      });
      $("table-count").textContent = count + " row" + (count === 1 ? "" : "s");
      fitTable();
      if (graph) {
        graph.setVisible(vis.visible);
        graph.highlight(state.selected);
      }
      markReady();
    }
    MMR.renderDetails($("details"), model, state.selected, vis, actions);
    $("physics").checked = state.physics;
    $("status").textContent = vis.shown + " of " + MMR.plural(model.n, "node") + " · " + MMR.plural(vis.entriesShown, "entry", "entries");
    writeHash();
  }

  const wideTable = () => state.view === "table" && state.wide;
  $("toggle-filters").addEventListener("click", () => {
    if (wideTable()) Object.assign(state, { wide: false, filters: true });
    else state.filters = !state.filters;
    apply();
  });
  $("toggle-details").addEventListener("click", () => {
    if (wideTable() && state.selected === null) Object.assign(state, { wide: false, details: true });
    else state.details = !state.details;
    apply();
  });
  $("close-details").addEventListener("click", () => {
    state.details = false;
    apply();
  });
  $("wide").addEventListener("click", () => {
    state.wide = !state.wide;
    apply();
  });
  new ResizeObserver(() => {
    if (state.view === "table") fitTable();
  }).observe($("table-wrap"));
  $("tab-graph").addEventListener("click", () => showView("graph"));
  $("tab-table").addEventListener("click", () => showView("table"));
  $("tab-overview").addEventListener("click", () => showView("overview"));
  $("physics").addEventListener("change", (event) => {
    state.physics = event.target.checked;
    if (graph) graph.setPhysics(state.physics);
    writeHash();
  });
  $("fit").addEventListener("click", () => {
    showView("graph");
    graph.fit();
  });
  $("reset").addEventListener("click", () => {
    const keep = { view: state.view, rows: state.rows };
    state = Object.assign(MMR.emptyState(), keep);
    searchInput.value = "";
    search.close();
    apply();
    if (graph && state.view === "graph") graph.fit();
  });
  window.addEventListener("hashchange", () => {
    const hash = location.hash.replace(/^#/, "");
    if (hash === writtenHash) return;
    state = MMR.fromHash(model, hash);
    writtenHash = hash;
    searchInput.value = state.query;
    apply();
    if (graph && state.view === "graph" && state.selected !== null) graph.focus(state.selected, true);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && document.activeElement !== searchInput && !/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) {
      event.preventDefault();
      searchInput.focus();
    } else if (event.key === "Escape" && wideTable() && state.details && state.selected !== null) {
      state.details = false; // closes the details shown over the wide table
      apply();
    }
  });

  if (model.data.focus !== null) {
    // a focused view (mmr-graph build --view): a way back to the whole graph, written next to it
    const back = MMR.el("a", { className: "back", href: "index.html", title: "The whole graph" }, "← All");
    document.querySelector(".bar").insertBefore(back, document.querySelector(".brand"));
  }

  MMR.model = model;
  MMR.getState = () => state;
  MMR.getGraph = () => graph;
  apply();
  if (model.n === 0) {
    $("loading").hidden = true;
    markReady();
  }
})();
