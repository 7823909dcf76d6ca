/* mmr-graph view: the panels around the graph - filters (facets with counts, node kinds), legend,
   details of the selected node, and search suggestions. Every string from the data is written with
   textContent or as an attribute value; only http(s) URLs become links. */
(function () {
  "use strict";
  const MMR = (window.MMR = window.MMR || {});
  const SVG = "http://www.w3.org/2000/svg";

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "className") node.className = value;
      else node.setAttribute(name, value);
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  MMR.el = el;

  /* A small SVG of a kind's shape and colour, for the legend, filters, details and suggestions. */
  MMR.icon = function (kind) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("class", "icon");
    svg.setAttribute("aria-hidden", "true");
    let shape;
    const s = kind.shape;
    if (s === "dot") { shape = document.createElementNS(SVG, "circle"); shape.setAttribute("cx", "8"); shape.setAttribute("cy", "8"); shape.setAttribute("r", "6"); }
    else if (s === "ellipse") { shape = document.createElementNS(SVG, "ellipse"); shape.setAttribute("cx", "8"); shape.setAttribute("cy", "8"); shape.setAttribute("rx", "7.2"); shape.setAttribute("ry", "4.6"); }
    else if (s === "box" || s === "square") {
      shape = document.createElementNS(SVG, "rect");
      const box = s === "box";
      shape.setAttribute("x", box ? "1" : "2.5"); shape.setAttribute("y", box ? "3.5" : "2.5");
      shape.setAttribute("width", box ? "14" : "11"); shape.setAttribute("height", box ? "9" : "11");
      if (box) shape.setAttribute("rx", "2");
    } else {
      const points = {
        triangle: "8,1.5 14.5,14 1.5,14", triangleDown: "1.5,2 14.5,2 8,14.5", diamond: "8,1 15,8 8,15 1,8",
        hexagon: "4.5,2 11.5,2 15,8 11.5,14 4.5,14 1,8", star: "8,1 9.9,5.9 15,6.2 11,9.4 12.4,14.6 8,11.7 3.6,14.6 5,9.4 1,6.2 6.1,5.9",
      }[s] || "8,2 14,14 2,14";
      shape = document.createElementNS(SVG, "polygon");
      shape.setAttribute("points", points);
    }
    shape.setAttribute("fill", kind.color);
    shape.setAttribute("stroke", kind.border);
    shape.setAttribute("stroke-width", "1");
    svg.appendChild(shape);
    return svg;
  };

  MMR.kindById = (model, id) => model.kinds.find((k) => k.id === id) || { id, name: id, color: "#999", border: "#666", shape: "dot" };

  MMR.renderLegend = function (container, model) {
    container.replaceChildren();
    for (const kind of model.kinds) {
      const item = el("span", { className: "legend-item" });
      item.append(MMR.icon(kind), el("span", {}, kind.name));
      container.appendChild(item);
    }
    const timeline = (model.data.overview || {}).timeline || {};
    if (timeline.new) {
      const item = el("span", { className: "legend-item" });
      item.append(el("span", { className: "new-mark", "aria-hidden": "true" }), el("span", {}, "New in the latest version"));
      container.appendChild(item);
    }
  };

  /* Builds the filter sidebar once; returns update(state, visibility) to refresh ticks and counts. */
  MMR.buildFilters = function (container, model, onChange) {
    container.replaceChildren();
    const rows = [];
    function section(id, title, values, render) {
      const box = el("details", { className: "facet", "data-facet": id });
      if (id !== "month" || values.length <= 8) box.open = true; // many months: the Overview tab charts them
      const summary = el("summary", {});
      const heading = el("span", { className: "facet-title" }, title);
      const chosen = el("span", { className: "facet-chosen" });
      summary.append(heading, chosen);
      box.appendChild(summary);
      const list = el("div", { className: "facet-values" });
      for (const value of values) {
        const label = el("label", { className: "facet-value", title: value.full || value.label });
        const input = el("input", { type: "checkbox", "data-value": value.id });
        const name = el("span", { className: "facet-name" });
        if (value.notation && value.label.startsWith(value.notation + " — ")) {
          name.append(el("span", { className: "notation" }, value.notation), document.createTextNode(value.label.slice(value.notation.length)));
        } else name.textContent = value.label;
        const count = el("span", { className: "count" });
        label.append(input);
        if (render) label.append(render(value));
        label.append(name, count);
        input.addEventListener("change", () => onChange(id, value.id, input.checked));
        list.appendChild(label);
        rows.push({ facet: id, value: value.id, input, count, label });
      }
      box.appendChild(list);
      container.appendChild(box);
      return chosen;
    }
    const chosenLabels = {};
    chosenLabels.kind = section("kind", "Node kinds", model.kinds.map((k) => ({ id: k.id, label: k.name })), (v) => MMR.icon(MMR.kindById(model, v.id)));
    for (const facet of model.facets) chosenLabels[facet.id] = section(facet.id, facet.name, shortPaths(facet.values));

    return function update(state, vis) {
      for (const row of rows) {
        let checked, count;
        if (row.facet === "kind") {
          checked = !state.hidden.has(row.value);
          count = vis.kindCounts.get(row.value) || 0;
        } else {
          checked = !!(state.facets[row.facet] && state.facets[row.facet].has(row.value));
          count = vis.counts[row.facet].get(row.value) || 0;
        }
        row.input.checked = checked;
        row.count.textContent = String(count);
        row.label.classList.toggle("empty", count === 0 && !checked);
      }
      for (const [id, node] of Object.entries(chosenLabels)) {
        const n = id === "kind" ? state.hidden.size : (state.facets[id] ? state.facets[id].size : 0);
        node.textContent = n ? (id === "kind" ? n + " hidden" : n + " selected") : "";
        if (id === "list" && state.both && state.both.size) node.textContent = (n ? n + " selected · " : "") + "in all of " + state.both.size;
      }
    };
  };

  /* "Papers/Projects › Medical" is shown as "Medical" (the full path is the tooltip), unless two values
     would then read the same. */
  function shortPaths(values) {
    const leaf = (label) => label.split(" › ").pop();
    const seen = new Map();
    for (const v of values) seen.set(leaf(v.label), (seen.get(leaf(v.label)) || 0) + 1);
    return values.map((v) => Object.assign({}, v, { full: v.label, label: seen.get(leaf(v.label)) > 1 ? v.label : leaf(v.label) }));
  }

  function linkItem(label, url) {
    const item = el("li", {});
    const href = MMR.safeHref(url);
    item.appendChild(el("span", { className: "link-label" }, label));
    if (href) {
      const a = el("a", { href, target: "_blank", rel: "noopener noreferrer" }, url);
      item.appendChild(a);
    } else {
      item.appendChild(el("span", { className: "not-link", title: "not a web link" }, url));
    }
    return item;
  }

  /* A long text (an abstract) folded: its length in the summary, the text when opened. */
  function foldedText(value) {
    const words = value.split(/\s+/).filter(Boolean).length;
    const box = el("details", { className: "folded" });
    box.appendChild(el("summary", {}, `show (${words} words)`));
    box.appendChild(el("p", {}, value));
    return box;
  }

  /* Each fact an assertion states (method, kind, base model, teacher, modality) with its source, as the
     graph names it (curated, extracted from the title...), and its evidence as a link. */
  function factSources(sources) {
    const box = el("div", { className: "fact-sources" });
    box.appendChild(el("h3", {}, "Where the facts come from"));
    const table = el("table", { className: "sources-table" });
    const body = el("tbody");
    for (const [fact, value, source, url] of sources) {
      const tr = el("tr", {});
      tr.appendChild(el("th", { scope: "row" }, fact));
      const cell = el("td", {});
      cell.appendChild(el("div", { className: "source-value" }, value));
      const where = el("div", { className: "source" });
      where.appendChild(el("span", { className: "source-name" }, source));
      const href = MMR.safeHref(url);
      if (href) {
        where.appendChild(document.createTextNode(" · "));
        where.appendChild(el("a", { href, target: "_blank", rel: "noopener noreferrer", title: url }, "evidence"));
      }
      cell.appendChild(where);
      tr.appendChild(cell);
      body.appendChild(tr);
    }
    table.appendChild(body);
    box.appendChild(table);
    return box;
  }

  /* The details panel: facts, outbound links, and connected nodes as buttons. */
  MMR.renderDetails = function (container, model, id, vis, actions) {
    container.replaceChildren();
    if (id === null || id === undefined) {
      const intro = el("div", { className: "intro" });
      intro.append(
        el("h2", {}, "Explore the list"),
        el("p", {}, "Click a node to see its facts and links, or search by title, short name or arXiv id."),
        el("p", {}, "Tick filters on the left to narrow the graph and the table; the address bar keeps what you see, so you can share it."),
      );
      const sources = el("ul", { className: "sources" });
      for (const [label, url] of model.data.sources || []) {
        const item = el("li", {}, label);
        const href = MMR.safeHref(url);
        if (href) {
          item.appendChild(el("br"));
          item.appendChild(el("a", { href, target: "_blank", rel: "noopener noreferrer" }, url));
        }
        sources.appendChild(item);
      }
      if (sources.childNodes.length) intro.append(el("h3", {}, "Sources"), sources);
      container.appendChild(intro);
      return;
    }
    const record = model.data.records[id];
    const kind = MMR.kindById(model, record.kind);
    const badge = el("div", { className: "kind-badge" });
    badge.append(MMR.icon(kind), el("span", {}, kind.singular || kind.name));
    container.appendChild(badge);
    if (vis && !vis.visible[id]) container.appendChild(el("p", { className: "note" }, "Hidden by the current filters."));
    container.appendChild(el("h2", { className: "details-title" }, record.title || record.label));
    if (record.label && record.label !== record.title) container.appendChild(el("p", { className: "details-label" }, record.label));

    const buttons = el("div", { className: "details-actions" });
    const focusButton = el("button", { type: "button" }, "Focus in graph");
    focusButton.addEventListener("click", () => actions.focus(id));
    buttons.appendChild(focusButton);
    for (const facet of model.facets) {
      const valueId = record.key.includes("/") ? record.key.slice(record.key.indexOf("/") + 1) : record.key;
      const value = model.facetValues.get(facet.id).get(valueId);
      if (value && value.node === id) {
        const filter = el("button", { type: "button" }, "Filter entries by this " + facet.name.toLowerCase());
        filter.addEventListener("click", () => actions.filter(facet.id, valueId));
        buttons.appendChild(filter);
      }
    }
    container.appendChild(buttons);

    if (record.facts.length) {
      const dl = el("dl", { className: "facts" });
      for (const [name, values] of record.facts) {
        if (values.length === 1 && ((name === "Title" && values[0] === record.title) || (name === "Short name" && values[0] === record.label))) continue;
        dl.appendChild(el("dt", {}, name));
        const dd = el("dd", {});
        for (const value of values) dd.appendChild(name === "Abstract" ? foldedText(value) : el("div", {}, value));
        dl.appendChild(dd);
      }
      container.appendChild(dl);
    }
    const change = ((record.facets || {}).change || [])[0];
    if (change) {
      const info = (model.data.overview || {}).timeline || {};
      const text = change === "new" ? "New in the latest version" + (info.latest ? " (" + info.latest + ")" : "") : "Removed from the list";
      container.insertBefore(el("p", { className: "change-note " + change }, text), buttons);
    }
    if (record.sources && record.sources.length) container.appendChild(factSources(record.sources));
    if (record.links.length) {
      container.appendChild(el("h3", {}, "Links"));
      const ul = el("ul", { className: "links" });
      for (const [label, url] of record.links) ul.appendChild(linkItem(label, url));
      container.appendChild(ul);
    }
    const groups = new Map();
    for (const nb of MMR.neighbours(model, id)) {
      const other = model.data.records[nb.id];
      const name = MMR.relationName(nb.rel, nb.outgoing, other.kind);
      if (!groups.has(name)) groups.set(name, []);
      groups.get(name).push(nb.id);
    }
    if (groups.size) container.appendChild(el("h3", {}, "Connected"));
    for (const [name, ids] of groups) {
      const shown = (i) => (vis ? vis.visible[i] : 1);
      ids.sort((a, b) => shown(b) - shown(a) || model.data.records[a].label.localeCompare(model.data.records[b].label));
      const box = el("div", { className: "connected" });
      const count = ids.filter(shown).length;
      box.appendChild(el("div", { className: "connected-name" }, name + " (" + (count === ids.length ? ids.length : count + " of " + ids.length + " shown") + ")"));
      const list = el("div", { className: "chips" });
      for (const other of ids.slice(0, 150)) {
        const rec = model.data.records[other];
        const chip = el("button", { type: "button", className: "chip", title: rec.title || rec.label, "data-key": rec.key });
        chip.append(MMR.icon(MMR.kindById(model, rec.kind)), el("span", {}, rec.label));
        if (vis && !vis.visible[other]) chip.classList.add("filtered");
        chip.addEventListener("click", () => actions.select(other));
        list.appendChild(chip);
      }
      if (ids.length > 150) list.appendChild(el("span", { className: "muted" }, "and " + (ids.length - 150) + " more"));
      box.appendChild(list);
      container.appendChild(box);
    }
  };

  /* Search box with a suggestion list: arrows move, Enter picks, Escape closes. */
  MMR.bindSearch = function (input, list, model, getAllowed, onPick, onQuery, suggesting) {
    let matches = [];
    let active = -1;
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      active = -1;
    }
    function paint() {
      list.replaceChildren();
      matches.forEach((id, i) => {
        const record = model.data.records[id];
        const item = el("li", { role: "option", id: "suggestion-" + i, "aria-selected": i === active ? "true" : "false" });
        item.append(MMR.icon(MMR.kindById(model, record.kind)));
        const text = el("span", { className: "suggestion-text" });
        text.append(el("span", { className: "suggestion-label" }, record.label));
        if (record.title && record.title !== record.label) text.append(el("span", { className: "suggestion-title" }, record.title));
        item.append(text);
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          pick(i);
        });
        list.appendChild(item);
      });
      if (!matches.length && input.value.trim()) list.appendChild(el("li", { className: "muted" }, "No match among the shown nodes"));
      list.hidden = !input.value.trim() || !suggesting();
      input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
    }
    function pick(i) {
      const id = matches[i >= 0 ? i : 0];
      if (id === undefined) return;
      close();
      onPick(id);
    }
    input.addEventListener("input", () => {
      matches = MMR.search(model, input.value, getAllowed(), 10);
      active = matches.length ? 0 : -1;
      paint();
      onQuery(input.value);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!matches.length) return;
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
        paint();
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (list.hidden) matches = MMR.search(model, input.value, getAllowed(), 10);
        pick(active);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
    return { close };
  };
})();
