/* mmr-graph view: the data model. Reads the embedded JSON, indexes it, and computes what the filters
   leave visible, facet counts, search matches, and the state <-> URL hash round trip. No DOM writes. */
(function () {
  "use strict";
  const MMR = (window.MMR = window.MMR || {});

  const RELATION_NAMES = {
    paper: "Paper", code: "Code", dataset: "Datasets", dataCollection: "Collections", model: "Models",
    baseModel: "Base model", distilledFrom: "Distilled from", usesMethod: "Methods", modality: "Modality",
    venue: "Venue", category: "Section", secondaryCategory: "Also in section", broader: "Broader",
  };
  const INCOMING_NAMES = { broader: "Narrower" };
  MMR.relationName = function (rel, outgoing, otherKind) {
    const first = String(rel || "").split(",")[0];
    if (outgoing) return RELATION_NAMES[first] || first || "Linked";
    if (INCOMING_NAMES[first]) return INCOMING_NAMES[first];
    return otherKind === "entry" ? "Entries" : "Linked from";
  };

  /* "1 entry", "2 entries": a count with its noun. */
  MMR.plural = function (count, singular, plural) {
    return count + " " + (count === 1 ? singular : plural || singular + "s");
  };

  /* Only absolute http(s) URLs may become links; everything else is shown as text. */
  MMR.safeHref = function (url) {
    if (typeof url !== "string" || !/^https?:\/\//i.test(url.trim())) return null;
    try {
      const parsed = new URL(url.trim());
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (err) {
      return null;
    }
  };

  MMR.load = function (element) {
    const data = JSON.parse(element.textContent);
    const n = data.nodes.length;
    const adjacency = Array.from({ length: n }, () => []);
    data.edges.forEach((edge, i) => {
      adjacency[edge.from].push(i);
      if (edge.to !== edge.from) adjacency[edge.to].push(i);
    });
    const byKey = new Map();
    const entries = [];
    const kindOrder = new Map(data.kinds.map((k, i) => [k.id, i]));
    data.records.forEach((record, id) => {
      record.id = id;
      byKey.set(record.key, id);
      if (record.kind === "entry") entries.push(id);
      record.haystack = [record.label, record.title, record.key].concat(record.search || []).join("\n").toLowerCase();
      record.terms = [record.label, record.key].concat(record.search || []).map((t) => String(t).toLowerCase());
    });
    const facetValues = new Map();
    data.facets.forEach((facet) => {
      facetValues.set(facet.id, new Map(facet.values.map((v) => [v.id, v])));
    });
    return { data, n, adjacency, byKey, entries, kindOrder, facetValues, kinds: data.kinds, facets: data.facets };
  };

  MMR.neighbours = function (model, id) {
    const out = [];
    for (const edgeIndex of model.adjacency[id]) {
      const edge = model.data.edges[edgeIndex];
      const outgoing = edge.from === id;
      out.push({ id: outgoing ? edge.to : edge.from, rel: edge.rel, outgoing });
    }
    return out;
  };

  MMR.emptyState = function () {
    return {
      query: "", selected: null, view: "graph", rows: "entry", sort: null, facets: {}, hidden: new Set(), physics: false,
      filters: true, details: true, wide: false, both: new Set(),
    };
  };

  /* Which nodes the filters leave, and the counts each facet value would have if ticked. */
  MMR.visibility = function (model, state) {
    const active = model.facets.filter((f) => state.facets[f.id] && state.facets[f.id].size);
    const entryPass = new Uint8Array(model.n);
    const counts = {};
    model.facets.forEach((f) => (counts[f.id] = new Map()));
    const both = Array.from(state.both || []);
    for (const id of model.entries) {
      const values = model.data.records[id].facets || {};
      if (both.length && !both.every((list) => (values.list || []).includes(list))) continue; // not in all of them
      let failing = 0;
      let failed = null;
      for (const facet of active) {
        const chosen = state.facets[facet.id];
        if (!(values[facet.id] || []).some((v) => chosen.has(v))) {
          failing += 1;
          failed = facet.id;
        }
      }
      if (failing === 0) entryPass[id] = 1;
      if (failing > 1) continue;
      for (const facet of model.facets) {
        if (failing === 1 && facet.id !== failed) continue;
        for (const v of values[facet.id] || []) counts[facet.id].set(v, (counts[facet.id].get(v) || 0) + 1);
      }
    }
    const filtering = active.length > 0 || both.length > 0;
    const candidate = new Uint8Array(model.n); // visible if its kind were shown
    for (let id = 0; id < model.n; id++) {
      const record = model.data.records[id];
      if (record.kind === "entry") candidate[id] = entryPass[id];
      else if (!filtering) candidate[id] = 1;
      else candidate[id] = model.adjacency[id].some((e) => {
        const edge = model.data.edges[e];
        return entryPass[edge.from === id ? edge.to : edge.from];
      }) ? 1 : 0;
    }
    const visible = new Uint8Array(model.n);
    const kindCounts = new Map();
    let shown = 0;
    for (let id = 0; id < model.n; id++) {
      if (!candidate[id]) continue;
      const kind = model.data.records[id].kind;
      kindCounts.set(kind, (kindCounts.get(kind) || 0) + 1);
      if (!state.hidden.has(kind)) {
        visible[id] = 1;
        shown += 1;
      }
    }
    let entriesShown = 0;
    for (const id of model.entries) entriesShown += visible[id];
    return { visible, entryPass, counts, kindCounts, shown, entriesShown, filtering };
  };

  /* Nodes matching a query, best first: exact label/id/arXiv, then label prefix, then anywhere. */
  MMR.search = function (model, query, allowed, limit) {
    const q = String(query || "").trim().toLowerCase().replace(/^arxiv:\s*/, "");
    if (!q) return [];
    const scored = [];
    for (const record of model.data.records) {
      if (allowed && !allowed[record.id]) continue;
      if (!record.haystack.includes(q)) continue;
      let rank = 3;
      if (record.terms.some((t) => t === q || t === "arxiv:" + q)) rank = 0;
      else if (record.label.toLowerCase().startsWith(q)) rank = 1;
      else if (record.label.toLowerCase().includes(q) || record.title.toLowerCase().includes(q)) rank = 2;
      scored.push([rank, model.kindOrder.get(record.kind) || 0, record.label.toLowerCase(), record.id]);
    }
    scored.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : a[3] - b[3]));
    return scored.slice(0, limit || scored.length).map((s) => s[3]);
  };

  /* ---- state <-> URL hash: #node=<key>&method=GRPO,PPO&hide=paper&view=table&q=... ---- */
  const enc = (s) => encodeURIComponent(s).replace(/%2F/gi, "/").replace(/%3A/gi, ":");

  MMR.toHash = function (model, state) {
    const parts = [];
    if (state.selected !== null && model.data.records[state.selected]) parts.push("node=" + enc(model.data.records[state.selected].key));
    if (state.query) parts.push("q=" + enc(state.query));
    for (const facet of model.facets) {
      const chosen = state.facets[facet.id];
      if (chosen && chosen.size) parts.push(facet.id + "=" + Array.from(chosen).sort().map(enc).join(","));
    }
    if (state.both && state.both.size) parts.push("both=" + Array.from(state.both).sort().map(enc).join(","));
    if (state.hidden.size) parts.push("hide=" + Array.from(state.hidden).sort().map(enc).join(","));
    if (state.view !== "graph") parts.push("view=" + enc(state.view));
    if (state.rows !== "entry") parts.push("rows=" + enc(state.rows));
    if (state.sort) parts.push("sort=" + (state.sort.desc ? "-" : "") + enc(state.sort.col));
    if (state.physics) parts.push("physics=1");
    const closed = [];
    if (!state.filters) closed.push("filters");
    if (!state.details) closed.push("details");
    if (closed.length) parts.push("closed=" + closed.join(","));
    if (state.wide) parts.push("wide=1");
    return parts.join("&");
  };

  MMR.fromHash = function (model, hash) {
    const state = MMR.emptyState();
    const text = String(hash || "").replace(/^#/, "");
    if (!text) return state;
    const kinds = new Set(model.kinds.map((k) => k.id));
    for (const part of text.split("&")) {
      const at = part.indexOf("=");
      if (at < 1) continue;
      const name = part.slice(0, at);
      let value;
      try {
        value = decodeURIComponent(part.slice(at + 1));
      } catch (err) {
        continue;
      }
      const list = () => part.slice(at + 1).split(",").map((v) => { try { return decodeURIComponent(v); } catch (err) { return ""; } }).filter(Boolean);
      if (name === "node") state.selected = model.byKey.has(value) ? model.byKey.get(value) : null;
      else if (name === "q") state.query = value.slice(0, 200);
      else if (name === "view") state.view = value === "table" || value === "overview" ? value : "graph";
      else if (name === "rows") state.rows = kinds.has(value) ? value : "entry";
      else if (name === "physics") state.physics = value === "1";
      else if (name === "wide") state.wide = value === "1";
      else if (name === "closed") {
        const closed = new Set(list());
        state.filters = !closed.has("filters");
        state.details = !closed.has("details");
      }
      else if (name === "sort") state.sort = value ? { col: value.replace(/^-/, ""), desc: value.startsWith("-") } : null;
      else if (name === "hide") state.hidden = new Set(list().filter((k) => kinds.has(k)));
      else if (name === "both" && model.facetValues.has("list")) {
        const known = model.facetValues.get("list");
        state.both = new Set(list().filter((v) => known.has(v)));
      }
      else if (model.facetValues.has(name)) {
        const known = model.facetValues.get(name);
        const chosen = new Set(list().filter((v) => known.has(v)));
        if (chosen.size) state.facets[name] = chosen;
      }
    }
    return state;
  };
})();
