// ---- Graph drawing with pan and zoom -------------------------------------------------------------------
const R = 22;
function edgePath(g, e, pos, lane) {
  const a = pos[e.from], b = pos[e.to];
  if (e.bezier && e.route.length >= 4) {
    let d = `M${e.route[0][0]},${e.route[0][1]}`;
    for (let i = 1; i + 2 < e.route.length; i += 3) {
      d += ` C${e.route[i][0]},${e.route[i][1]} ${e.route[i + 1][0]},${e.route[i + 1][1]} ${e.route[i + 2][0]},${e.route[i + 2][1]}`;
    }
    return d;
  }
  if (e.kind === 'next' && b.x <= a.x + 1) {
    // A state's feed runs backwards. Same column: an arc on the left. Otherwise a loop over (state
    // above) or under (state below) both nodes.
    if (Math.abs(a.x - b.x) < 1) {
      const bulge = 34 + 0.25 * Math.abs(a.y - b.y);
      return `M${a.x - R},${a.y} C${a.x - R - bulge},${a.y} ${b.x - R - bulge},${b.y} ${b.x - R},${b.y}`;
    }
    // A loop around the columns it spans, in its own lane, entering the state from the left.
    const xr = a.x + R + 24, xl = b.x - R - 24;
    return `M${a.x + R},${a.y} C${xr + 18},${a.y} ${xr + 18},${lane} ${xr - 8},${lane} L${xl + 8},${lane}`
      + ` C${xl - 18},${lane} ${xl - 18},${b.y} ${b.x - R},${b.y}`;
  }
  const pts = [[a.x + R, a.y]].concat(e.route, [[b.x - R, b.y]]);
  let d = `M${pts[0][0]},${pts[0][1]}`;
  for (let i = 1; i < pts.length; i++) {
    const p = pts[i - 1], q = pts[i], dx = (q[0] - p[0]) / 2;
    d += ` C${p[0] + dx},${p[1]} ${q[0] - dx},${q[1]} ${q[0]},${q[1]}`;
  }
  return d;
}

function GraphView(svg, g, opts) {
  svg.innerHTML = '';
  const pos = {}; for (const n of g.nodes) pos[n.id] = n;
  const maxW = Math.max(1e-9, ...g.edges.filter(e => e.weight !== null && e.weight !== undefined).map(e => Math.abs(e.weight)));
  const root = el('g', {}, svg);
  const edgeLayer = el('g', {}, root), labelLayer = el('g', {}, root), nodeLayer = el('g', {}, root);
  // Lanes for the backward state feeds: above or below the nodes they pass, whichever side is nearer,
  // stacked so no two share a line; the drawing's bounds grow to hold them.
  let top = 0, bottom = g.height;
  const lanes = new Map(); let nUp = 0, nDown = 0;
  const backward = e => e.kind === 'next' && !e.bezier && pos[e.to].x < pos[e.from].x - 1;
  // More than two backward feeds would stack into a bundle of parallel lanes: each is then drawn as two
  // short stubs (out of its source, labelled with the state; into the state), and in full only while
  // either end is selected.
  const stubbed = opts.stubs && g.edges.filter(backward).length > 2;
  for (const e of g.edges) {
    const a = pos[e.from], b = pos[e.to];
    if (!backward(e)) continue;
    const spanned = g.nodes.filter(n => n.x >= b.x - 1 && n.x <= a.x + 1);
    const lo = Math.min(...spanned.map(n => n.y)), hi = Math.max(...spanned.map(n => n.y)), mid = (a.y + b.y) / 2;
    const up = mid - lo < hi - mid;
    const lane = up ? lo - R - 22 - 13 * nUp++ : hi + R + 30 + 13 * nDown++;
    lanes.set(e, lane); top = Math.min(top, lane - 12); bottom = Math.max(bottom, lane + 12);
  }
  // Stub labels reach past the last column.
  const bounds = { x: 0, y: top, w: g.width + (stubbed ? 90 : 0), h: bottom - top };
  const edges = g.edges.map(e => {
    const w = e.weight === null || e.weight === undefined ? null : e.weight;
    const width = w === null ? 2 : 0.8 + 4.2 * Math.abs(w) / maxW;
    const stub = stubbed && backward(e);
    const p = el('path', { d: edgePath(g, e, pos, lanes.get(e)), class: 'edge' + (e.kind === 'next' ? ' dashed' : '') + (stub ? ' full-on-select' : ''),
                           'stroke-width': width.toFixed(2), stroke: '#5b6678', 'stroke-opacity': 0.9 }, edgeLayer);
    let label = null;
    const stubs = [];
    if (stub) {
      const a = pos[e.from], b = pos[e.to];
      stubs.push(el('path', { d: `M${a.x + R},${a.y} L${a.x + R + 26},${a.y}`, class: 'edge dashed', 'stroke-width': width.toFixed(2), stroke: '#5b6678' }, edgeLayer));
      stubs.push(el('path', { d: `M${b.x - R - 22},${b.y} L${b.x - R},${b.y}`, class: 'edge dashed', 'stroke-width': width.toFixed(2), stroke: '#5b6678' }, edgeLayer));
      label = el('text', { x: a.x + R + 29, y: a.y + 4, 'text-anchor': 'start', class: 'edge-label stub-label' }, labelLayer);
      label.textContent = '→ ' + pos[e.to].name;
    } else if (opts.edgeLabels && w !== null) {
      const len = p.getTotalLength ? p.getTotalLength() : 0;
      const mid = len ? p.getPointAtLength(len * 0.55) : { x: (pos[e.from].x + pos[e.to].x) / 2, y: (pos[e.from].y + pos[e.to].y) / 2 };
      label = el('text', { x: mid.x, y: mid.y - 4, 'text-anchor': 'middle', class: 'edge-label' }, labelLayer);
      label.textContent = fmt(w, 3);
    }
    return { e, path: p, label, stubs, weight: w === null ? Infinity : Math.abs(w) };
  });
  const nodes = {};
  for (const n of g.nodes) {
    const grp = el('g', { class: 'node', transform: `translate(${n.x},${n.y})`, 'data-id': n.id }, nodeLayer);
    const shape = n.kind === 'neuron'
      ? el('rect', { x: -R, y: -R, width: 2 * R, height: 2 * R, rx: 6, class: 'shape', fill: color(null) }, grp)
      : el('circle', { r: R, class: 'shape', fill: color(null) }, grp);
    const value = el('text', { 'text-anchor': 'middle', dy: '0.35em', 'font-size': 11.5, 'font-weight': 600, fill: '#cfd6e0' }, grp);
    const name = el('text', { 'text-anchor': 'middle', y: R + 14, 'font-size': 12, fill: '#aab4c3', class: 'node-name' }, grp);
    name.textContent = n.name;
    el('title', {}, grp).textContent = `${n.name}: ${describeName(n)}`;
    grp.addEventListener('click', ev => { ev.stopPropagation(); if (opts.onClick) opts.onClick(n); });
    nodes[n.id] = { n, grp, shape, value, name };
  }
  // A weight label is shown only where it overlaps no node, no name and no label already shown (stub
  // labels first, then larger weights); the others appear while an end of their edge is selected.
  if (opts.edgeLabels && svg.getBBox) {
    const taken = [];
    const overlaps = b => taken.some(t => Math.min(b.x + b.width, t.x + t.width) > Math.max(b.x, t.x) && Math.min(b.y + b.height, t.y + t.height) > Math.max(b.y, t.y));
    for (const id in nodes) {
      const { n, name } = nodes[id], nb = name.getBBox();
      taken.push({ x: n.x - R, y: n.y - R, width: 2 * R, height: 2 * R }, { x: n.x + nb.x, y: n.y + nb.y, width: nb.width, height: nb.height });
    }
    for (const x of edges.filter(x => x.label).sort((p, q) => q.weight - p.weight)) {
      const b = x.label.getBBox(), pad = { x: b.x - 1, y: b.y - 1, width: b.width + 2, height: b.height + 2 };
      if (overlaps(pad)) x.label.classList.add('on-select'); else taken.push(pad);
    }
  }
  // Pan and zoom on the viewBox.
  let vb = Object.assign({}, bounds);
  const apply = () => svg.setAttribute('viewBox', `${vb.x} ${vb.y} ${vb.w} ${vb.h}`);
  // Fit the drawing, but never magnify a small graph more than 1.25×, and (opts.minScale) never shrink it
  // below minScale: labels keep their size and the box around the drawing scrolls instead.
  const fit = () => {
    const box = (opts.scroller || svg).getBoundingClientRect(), W = box.width || 800, H = box.height || 500;
    let s = Math.min(W / bounds.w, H / bounds.h, 1.25);
    if (opts.minScale && s < opts.minScale) {
      s = opts.minScale;
      svg.style.width = Math.max(W, bounds.w * s) + 'px'; svg.style.height = Math.max(H, bounds.h * s) + 'px';
    } else if (opts.scroller) { svg.style.width = ''; svg.style.height = ''; }
    const r = svg.getBoundingClientRect(), w = (r.width || W) / s, h = (r.height || H) / s;
    vb = { x: bounds.x + (bounds.w - w) / 2, y: bounds.y + (bounds.h - h) / 2, w, h }; apply();
  };
  fit();
  svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  const toView = (cx, cy) => {
    const r = svg.getBoundingClientRect(), s = Math.max(vb.w / r.width, vb.h / r.height);
    const ox = vb.x - (r.width * s - vb.w) / 2, oy = vb.y - (r.height * s - vb.h) / 2;
    return { x: ox + (cx - r.left) * s, y: oy + (cy - r.top) * s, s };
  };
  const zoom = (factor, cx, cy) => {
    const p = toView(cx, cy);
    vb.w *= factor; vb.h *= factor;
    vb.x = p.x - (p.x - vb.x) * factor; vb.y = p.y - (p.y - vb.y) * factor;
    apply();
  };
  svg.addEventListener('wheel', ev => { ev.preventDefault(); zoom(Math.exp(ev.deltaY * 0.0015), ev.clientX, ev.clientY); }, { passive: false });
  const pointers = new Map(); let pinch = null;
  svg.addEventListener('pointerdown', ev => {
    pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
    if (pointers.size === 1) svg.classList.add('panning');
    if (pointers.size === 2) { const [a, b] = [...pointers.values()]; pinch = Math.hypot(a.x - b.x, a.y - b.y); }
  });
  svg.addEventListener('pointermove', ev => {
    const last = pointers.get(ev.pointerId); if (!last) return;
    if (pointers.size === 2 && pinch) {
      pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
      const [a, b] = [...pointers.values()], d = Math.hypot(a.x - b.x, a.y - b.y);
      if (d > 0) { zoom(pinch / d, (a.x + b.x) / 2, (a.y + b.y) / 2); pinch = d; }
      return;
    }
    const s = toView(0, 0).s;
    vb.x -= (ev.clientX - last.x) * s; vb.y -= (ev.clientY - last.y) * s;
    pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
    apply();
  });
  const up = ev => { pointers.delete(ev.pointerId); if (pointers.size < 2) pinch = null; if (!pointers.size) svg.classList.remove('panning'); };
  svg.addEventListener('pointerup', up); svg.addEventListener('pointercancel', up); svg.addEventListener('pointerleave', up);

  return {
    fit, nodes, edges,
    // values: [inputs | states | neurons] of the shown step, or null (nothing evaluated yet).
    show(values, stateValues) {
      for (const id in nodes) {
        const { n, shape, value } = nodes[id];
        let v = values ? values[n.slot] : null;
        if (!values && n.kind === 'state') v = stateValues ? stateValues[n.index] : n.initial;
        shape.setAttribute('fill', color(v));
        value.setAttribute('fill', ink(v));
        value.textContent = v === null ? '' : fmt(v, 2);
      }
      for (const { e, path, stubs } of edges) {
        let c;
        if (!values) {
          const w = e.weight;
          c = opts.weightColours && w !== null && w !== undefined ? color(w) : '#5b6678';
        } else {
          const src = values[e.fromSlot];
          c = color(e.weight === null || e.weight === undefined ? src : src * e.weight);
        }
        path.setAttribute('stroke', c);
        for (const s of stubs) s.setAttribute('stroke', c);
      }
    },
    select(id) { for (const k in nodes) nodes[k].grp.classList.toggle('selected', k === id); },
    highlight(id) {
      for (const x of edges) {
        const on = x.e.to === id || x.e.from === id;
        x.path.classList.toggle('hl', on);
        if (x.label) x.label.classList.toggle('hl', on);
      }
    },
  };
}

