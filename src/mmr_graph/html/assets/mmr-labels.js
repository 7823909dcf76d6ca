/* mmr-graph view: the labels on the canvas. vis-network draws the shapes; this layer writes the labels
   over them at a constant size on screen, most useful first, and skips any label that would overlap one
   already written. Sections, methods and modalities are labelled at the overview; entries as one zooms
   in; papers, code, datasets and models closer still. With a node chosen, its neighbourhood is labelled
   at any zoom and nothing else is. */
(function () {
  "use strict";
  const MMR = (window.MMR = window.MMR || {});
  const FONT = "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif";
  // tier: 0 at the overview, 1 from ZOOM[1] on, 2 from ZOOM[2] on; pill: written on the kind's colour
  const STYLES = {
    category: { tier: 0, px: 12, weight: 650, pill: true, text: "#ffffff" },
    method: { tier: 0, px: 12, weight: 700, text: "#14476b" },
    modality: { tier: 0, px: 11, weight: 600, pill: true, text: "#3a3500" },
    venue: { tier: 1, px: 11, weight: 500, pill: true, text: "#2b2f36" },
    entry: { tier: 1, px: 11, weight: 500, text: "#1f2328" },
  };
  const OTHER = { tier: 2, px: 10, weight: 400, text: "#4a525e" };
  const ZOOM = [0, 0.5, 1.05];
  const MAX_LABELS = 350; // per frame: beyond this the picture is words, not a graph
  const GAP = 3; // px kept free around each label
  const CELL = 80; // px: the collision grid's cell

  MMR.labelLayer = function (network, model, hidden) {
    const data = model.data;
    const n = model.n;
    const styleOf = (id) => STYLES[data.records[id].kind] || OTHER;
    const widths = new Float32Array(n).fill(-1);
    const degree = model.adjacency.map((edges) => edges.length);
    // the order labels are tried in: by tier; within a tier the kinds take turns, each best connected first
    const rank = new Int32Array(n);
    const byKind = new Map();
    for (const id of Array.from({ length: n }, (_, i) => i).sort((a, b) => degree[b] - degree[a] || a - b)) {
      const kind = data.records[id].kind;
      rank[id] = byKind.get(kind) || 0;
      byKind.set(kind, rank[id] + 1);
    }
    const kindOrder = (id) => model.kindOrder.get(data.records[id].kind) || 0;
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => styleOf(a).tier - styleOf(b).tier || rank[a] - rank[b] || kindOrder(b) - kindOrder(a) || a - b,
    );
    let positions = null;
    let focus = null; // the chosen node's neighbourhood (Uint8Array) or null
    let focusOrder = [];
    let drawn = [];

    function text(id) {
      return String(data.nodes[id].label || "");
    }

    function measure(ctx, id, style) {
      if (widths[id] < 0) {
        ctx.font = style.weight + " " + style.px + "px " + FONT;
        widths[id] = ctx.measureText(text(id)).width;
      }
      return widths[id];
    }

    /* Screen rectangles already taken, bucketed by grid cell. */
    function grid() {
      const cells = new Map();
      const keys = (r) => {
        const out = [];
        for (let cx = Math.floor(r.x0 / CELL); cx <= Math.floor(r.x1 / CELL); cx++) {
          for (let cy = Math.floor(r.y0 / CELL); cy <= Math.floor(r.y1 / CELL); cy++) out.push(cx + "," + cy);
        }
        return out;
      };
      return {
        free(r) {
          for (const key of keys(r)) {
            for (const o of cells.get(key) || []) {
              if (r.x0 < o.x1 && o.x0 < r.x1 && r.y0 < o.y1 && o.y0 < r.y1) return false;
            }
          }
          return true;
        },
        add(r) {
          for (const key of keys(r)) {
            if (!cells.has(key)) cells.set(key, []);
            cells.get(key).push(r);
          }
        },
      };
    }

    function draw(ctx) {
      const scale = network.getScale();
      const canvas = ctx.canvas;
      const width = canvas.clientWidth;
      const height = canvas.clientHeight;
      const origin = network.DOMtoCanvas({ x: 0, y: 0 });
      if (!positions || network.physics.physicsEnabled) positions = network.getPositions();
      const taken = grid();
      const chosen = [];
      const candidates = focus ? focusOrder : order;
      for (const id of candidates) {
        if (chosen.length >= MAX_LABELS) break;
        if (hidden[id] || !text(id)) continue;
        const style = styleOf(id);
        if (!focus && scale < ZOOM[style.tier]) continue;
        const p = positions[id];
        if (!p) continue;
        const sx = (p.x - origin.x) * scale;
        const sy = (p.y - origin.y) * scale;
        if (sx < -200 || sy < -40 || sx > width + 200 || sy > height + 40) continue;
        const w = measure(ctx, id, style) + (style.pill ? 12 : 0);
        const h = style.px + (style.pill ? 8 : 3);
        const r = (data.nodes[id].size || 10) * scale;
        // where the label may go, in order: a pill on the node, else above or below it; a text under the
        // node, else above it, right or left of it, else at one of its corners
        const spots = style.pill
          ? [[0, -h / 2], [0, -h * 1.5 - 2], [0, h / 2 + 2]]
          : [[0, r + 2], [0, -r - 2 - h], [r + 4 + w / 2, -h / 2], [-r - 4 - w / 2, -h / 2],
            [r + 2 + w / 2, r], [r + 2 + w / 2, -r - h], [-r - 2 - w / 2, r], [-r - 2 - w / 2, -r - h]];
        let found = null;
        for (const [dx, dy] of spots) {
          const x = sx + dx;
          const y = sy + dy;
          const rect = { x0: x - w / 2 - GAP, x1: x + w / 2 + GAP, y0: y - GAP, y1: y + h + GAP };
          if (rect.x0 < 0 || rect.x1 > width || rect.y0 < 0 || rect.y1 > height) continue; // whole labels only
          if (taken.free(rect)) {
            found = { box: { x0: x - w / 2, x1: x + w / 2, y0: y, y1: y + h }, x, y };
            break;
          }
        }
        if (!found) continue;
        taken.add(found.box); // the label itself: the GAP is kept by the rectangle tested, not twice
        const top = found.y;
        chosen.push({ id, style, sx: found.x, top, w, h });
      }
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0); // screen pixels (times the device pixel ratio)
      const ratio = canvas.width / Math.max(width, 1);
      ctx.scale(ratio, ratio);
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      for (const label of chosen) {
        const { id, style, sx, top, w, h } = label;
        ctx.font = style.weight + " " + style.px + "px " + FONT;
        if (style.pill) {
          const kind = MMR.kindById(model, data.records[id].kind);
          ctx.fillStyle = kind.color;
          ctx.strokeStyle = kind.border;
          ctx.lineWidth = 1;
          ctx.beginPath();
          ctx.roundRect(sx - w / 2, top, w, h, h / 2);
          ctx.fill();
          ctx.stroke();
        } else {
          ctx.strokeStyle = "rgba(255,255,255,0.92)";
          ctx.lineWidth = 3;
          ctx.strokeText(text(id), sx, top + h / 2);
        }
        ctx.fillStyle = style.text;
        ctx.fillText(text(id), sx, top + h / 2);
      }
      ctx.restore();
      drawn = chosen.map((c) => ({ id: c.id, x0: c.sx - c.w / 2, x1: c.sx + c.w / 2, y0: c.top, y1: c.top + c.h }));
    }

    network.on("afterDrawing", draw);
    const forget = () => (positions = null);
    network.on("dragging", forget);
    network.on("dragEnd", forget);
    network.on("stabilized", forget);

    return {
      /* Label only the node and its neighbours (null: back to labels by zoom). */
      focus(id) {
        if (id === null || id === undefined) {
          focus = null;
          return;
        }
        focus = new Uint8Array(n);
        focus[id] = 1;
        for (const nb of MMR.neighbours(model, id)) focus[nb.id] = 1;
        focusOrder = [id].concat(order.filter((i) => focus[i] && i !== id));
      },
      forget,
      /* What the last frame wrote: node ids and screen rectangles (for tests). */
      drawn: () => drawn.slice(),
    };
  };
})();
