/* mmr-graph view: the vis-network canvas. Creates the network from the embedded nodes, edges and
   options, runs a bounded stabilization (positions are seeded by the build), then freezes physics unless
   asked otherwise. Offers visibility, neighbourhood highlighting, focus and physics switching. */
(function () {
  "use strict";
  const MMR = (window.MMR = window.MMR || {});

  const CENTRAL = 0.3; // a focused node stays within this share of the half-width (or height) of the middle

  MMR.createGraph = function (container, model, handlers) {
    const data = model.data;
    const groups = data.options.groups || {};
    const fontOptions = data.options.nodes.font || {};
    const baseStyle = (kind, color) => {
      const group = groups[kind] || {};
      const own = group.font || {};
      const font = { color: own.color || "#1f2328", strokeWidth: own.strokeWidth !== undefined ? own.strokeWidth : fontOptions.strokeWidth || 0 };
      return { color: color ? Object.assign({}, group.color, color) : group.color, font }; // a node's own colour (a new entry's ring) stays
    };
    const dimStyle = {
      color: { background: data.dimmed, border: data.dimmed, highlight: { background: data.dimmed, border: data.dimmed } },
      font: { color: "rgba(0,0,0,0)", strokeWidth: 0 },
    };
    const edgeOptions = data.options.edges.color;
    const edgeBase = { color: edgeOptions.color, highlight: edgeOptions.highlight, inherit: false };
    const edgeDim = { color: "rgba(184,191,201,0.18)", highlight: edgeOptions.highlight, inherit: false };
    // vis-network draws the shapes, the label layer (mmr-labels.js) their labels
    const nodes = new vis.DataSet(data.nodes.map((node) => {
      const item = Object.assign({}, node);
      delete item.label;
      return item;
    }));
    // Edges to hubs (not springs) are drawn lighter: they cross the whole picture.
    const edgeLight = { color: "rgba(184,191,201,0.4)", highlight: edgeOptions.highlight, inherit: false };
    const edgeStyle = (edge) => (edge.physics === false ? edgeLight : edgeBase);
    const edges = new vis.DataSet(data.edges.map((edge, i) => {
      const item = { id: i, from: edge.from, to: edge.to };
      if (edge.physics === false) Object.assign(item, { physics: false, color: edgeLight });
      if (edge.length) item.length = edge.length;
      return item;
    }));
    const options = JSON.parse(JSON.stringify(data.options));
    const network = new vis.Network(container, { nodes, edges }, options);

    const hidden = new Uint8Array(model.n);
    const dimmed = new Uint8Array(model.n);
    const labels = MMR.labelLayer(network, model, hidden);
    const dimmedEdges = new Uint8Array(data.edges.length);
    let physicsWanted = false;
    let stabilized = false;

    network.on("click", (params) => {
      if (params.nodes.length) handlers.onSelect(params.nodes[0]);
      else if (!params.edges.length) handlers.onSelect(null);
    });
    network.once("stabilizationIterationsDone", () => {
      if (MMR.timings) MMR.timings.stabilized = performance.now();
      stabilized = true;
      network.setOptions({ physics: { enabled: physicsWanted } });
      api.fit(false);
      network.once("afterDrawing", () => handlers.onReady());
      network.redraw();
    });

    const api = {
      network,
      nodes,
      setVisible(visible) {
        const changes = [];
        for (let id = 0; id < model.n; id++) {
          const hide = visible[id] ? 0 : 1;
          if (hide !== hidden[id]) {
            hidden[id] = hide;
            changes.push({ id, hidden: !!hide });
          }
        }
        if (changes.length) nodes.update(changes);
      },
      /* Dim everything but the node and its neighbours; null clears the highlight. */
      highlight(id) {
        const keep = new Uint8Array(model.n);
        if (id === null || id === undefined) keep.fill(1);
        else {
          keep[id] = 1;
          for (const nb of MMR.neighbours(model, id)) keep[nb.id] = 1;
        }
        const changes = [];
        for (let i = 0; i < model.n; i++) {
          const dim = keep[i] ? 0 : 1;
          if (dim !== dimmed[i]) {
            dimmed[i] = dim;
            const style = dim ? dimStyle : baseStyle(data.records[i].kind, data.nodes[i].color);
            changes.push({ id: i, color: style.color, font: style.font });
          }
        }
        if (changes.length) nodes.update(changes);
        const edgeChanges = [];
        const none = id === null || id === undefined;
        data.edges.forEach((edge, e) => {
          const dim = none || edge.from === id || edge.to === id ? 0 : 1;
          if (dim !== dimmedEdges[e]) {
            dimmedEdges[e] = dim;
            edgeChanges.push({ id: e, color: dim ? edgeDim : edgeStyle(edge) });
          }
        });
        if (edgeChanges.length) edges.update(edgeChanges);
        if (id === null || id === undefined) network.unselectAll();
        else if (!hidden[id]) network.selectNodes([id], true);
        labels.focus(id);
      },
      /* Bring the node to the middle of the canvas with all its shown neighbours in view: the largest zoom
         (at most 1.2) at which the neighbourhood fits and the node stays in the central part of the canvas
         (within CENTRAL of the half-width from the middle); exactly in the middle when that costs no zoom. */
      focus(id, animate) {
        if (id === null || id === undefined || hidden[id]) return;
        const ids = [id].concat(MMR.neighbours(model, id).map((nb) => nb.id).filter((i) => !hidden[i]));
        const positions = network.getPositions(ids);
        const p = positions[id];
        const animation = animate ? { duration: 350, easingFunction: "easeInOutQuad" } : false;
        if (ids.length === 1) {
          network.moveTo({ position: p, scale: Math.max(network.getScale(), 1.0), animation });
          return;
        }
        const axes = [
          { p: p.x, size: container.clientWidth, margin: 90, of: (q) => q.x },
          { p: p.y, size: container.clientHeight, margin: 40, of: (q) => q.y },
        ];
        let scale = 1.2;
        for (const axis of axes) {
          const values = ids.map((i) => axis.of(positions[i]));
          axis.a = Math.min(...values) - 12;
          axis.b = Math.max(...values) + 12;
          const half = axis.size / 2 - axis.margin;
          const reach = half + (CENTRAL * axis.size) / 2;
          scale = Math.min(scale, (2 * half) / Math.max(axis.b - axis.a, 1e-6), reach / Math.max(axis.b - axis.p, 1e-6),
            reach / Math.max(axis.p - axis.a, 1e-6));
        }
        // per axis: the view centre closest to the node that keeps the neighbourhood in view
        const centre = axes.map((axis) => {
          const half = (axis.size / 2 - axis.margin) / scale;
          const low = Math.max(axis.b - half, axis.p - (CENTRAL * axis.size) / 2 / scale);
          const high = Math.min(axis.a + half, axis.p + (CENTRAL * axis.size) / 2 / scale);
          return Math.min(Math.max(axis.p, low), Math.max(low, high));
        });
        network.moveTo({ position: { x: centre[0], y: centre[1] }, scale, animation });
      },
      /* Fit the shown nodes (all of them when nothing is filtered out). */
      fit(animate) {
        const ids = [];
        for (let i = 0; i < model.n; i++) if (!hidden[i]) ids.push(i);
        if (!ids.length) return;
        const animation = animate === false ? false : { duration: 300, easingFunction: "easeInOutQuad" };
        network.fit(ids.length === model.n ? { animation } : { nodes: ids, animation, maxZoomLevel: 1.3 });
      },
      labels,
      setPhysics(on) {
        physicsWanted = !!on;
        labels.forget();
        if (stabilized) network.setOptions({ physics: { enabled: physicsWanted } });
      },
      isStabilized: () => stabilized,
      positionOf(id) {
        const p = network.getPositions([id])[id];
        return p ? network.canvasToDOM(p) : null;
      },
    };
    return api;
  };
})();
