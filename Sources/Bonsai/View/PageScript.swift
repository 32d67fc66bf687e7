/// The page's script: evaluation (the same activation formulas as Activation.swift), drawing, stepping,
/// the logic analyzer, the training story and the self-test (`index.html#selftest`).
enum PageScript {
    static let js = #"""
"use strict";
const D = JSON.parse(document.getElementById('bonsai-data').textContent);
const SVGNS = 'http://www.w3.org/2000/svg';
const $ = id => document.getElementById(id);
function el(tag, attrs, parent) {
  const e = document.createElementNS(SVGNS, tag);
  for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(e);
  return e;
}
function html(tag, text, parent, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  if (parent) parent.appendChild(e);
  return e;
}
const fmt = (v, d = 3) => v === null || v === undefined ? '–' : (Math.abs(v) < 5e-4 && v !== 0 ? v.toExponential(1) : (+v.toFixed(d)).toString());

// ---- Activation: the formulas of Activation.swift, term for term --------------------------------------
function ameoHard(u, l) {
  if (u <= -2) return l * (u + 2);
  if (u <= -1) return u + 2;
  if (u <= 0) return -u;
  if (u <= 1) return u;
  return 1 + l * (u - 1);
}
function ameoSoft(u, l) {
  if (u <= -2) return l * (u + 2);
  if (u <= -1.5) { const v = u + 2; return 8 * v * v * v * v; }
  if (u <= -0.5) { const v = u + 1; return 1 - 8 * v * v * v * v; }
  if (u <= 0.5) return 8 * u * u * u * u;
  if (u < 1) { const v = u - 1; return 1 - 8 * v * v * v * v; }
  return 1 + l * (u - 1);
}
function activate(a, x) {
  switch (a.type) {
    case 'ameo': { const u = x / 2 - 0.5, f = a.factor, l = a.leakyness;
      return 2 * (f * ameoHard(u, l) + (1 - f) * ameoSoft(u, l)) - 1; }
    case 'ameo-graphts': { const u = x / 2 - 0.5, f = a.factor;
      return 2 * (f * ameoHard(u, 0) + (1 - f) * ameoSoft(u, a.leakyness)) - 1; }
    case 'tanh': return Math.tanh(x);
    case 'sigmoid': return 1 / (1 + Math.exp(-x));
    case 'relu': return x > 0 ? x : 0;
    case 'linear': return x;
  }
  throw new Error('unknown activation ' + a.type);
}

// ---- Evaluation: one timestep as GraphEvaluator.step ---------------------------------------------------
function Simulator(g) {
  const ni = g.inputCount, ns = g.stateCount, size = ni + ns + g.neuronCount;
  const neurons = g.nodes.filter(n => n.kind === 'neuron').sort((a, b) => a.index - b.index);
  const states = g.nodes.filter(n => n.kind === 'state').sort((a, b) => a.index - b.index);
  return {
    size,
    initial: () => states.map(s => s.initial),
    step(state, bits) {
      const v = new Array(size).fill(0), pre = new Array(size).fill(null);
      for (let i = 0; i < ni; i++) v[i] = (bits >> i) & 1 ? 1 : -1;
      for (let j = 0; j < ns; j++) v[ni + j] = state[j];
      for (const n of neurons) {
        let z = n.bias;
        for (const t of n.terms) z += t[1] * v[t[0]];
        pre[n.slot] = z;
        v[n.slot] = activate(n.activation, z);
      }
      return { values: v, pre, next: states.map(s => v[s.next]) };
    },
  };
}

// ---- Colour: diverging blue (−1) / white (0) / red (+1) ------------------------------------------------
const STOPS = [[-1, [33, 102, 172]], [-2 / 3, [67, 147, 195]], [-1 / 3, [146, 197, 222]], [0, [247, 247, 247]],
               [1 / 3, [244, 165, 130]], [2 / 3, [214, 96, 77]], [1, [178, 24, 43]]];
function color(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '#3a4352';
  const x = Math.max(-1, Math.min(1, v));
  for (let i = 1; i < STOPS.length; i++) {
    if (x <= STOPS[i][0]) {
      const [x0, c0] = STOPS[i - 1], [x1, c1] = STOPS[i], t = (x - x0) / (x1 - x0);
      const c = c0.map((c, k) => Math.round(c + t * (c1[k] - c)));
      return `rgb(${c[0]},${c[1]},${c[2]})`;
    }
  }
  return 'rgb(178,24,43)';
}
const ink = v => (v === null || v === undefined) ? '#cfd6e0' : (Math.abs(v) > 0.55 ? '#ffffff' : '#111111');

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
  for (const e of g.edges) {
    const a = pos[e.from], b = pos[e.to];
    if (e.kind !== 'next' || e.bezier || !(b.x < a.x - 1)) continue;
    const spanned = g.nodes.filter(n => n.x >= b.x - 1 && n.x <= a.x + 1);
    const lo = Math.min(...spanned.map(n => n.y)), hi = Math.max(...spanned.map(n => n.y)), mid = (a.y + b.y) / 2;
    const up = mid - lo < hi - mid;
    const lane = up ? lo - R - 22 - 13 * nUp++ : hi + R + 30 + 13 * nDown++;
    lanes.set(e, lane); top = Math.min(top, lane - 12); bottom = Math.max(bottom, lane + 12);
  }
  const bounds = { x: 0, y: top, w: g.width, h: bottom - top };
  const edges = g.edges.map(e => {
    const w = e.weight === null || e.weight === undefined ? null : e.weight;
    const width = w === null ? 2 : 0.8 + 4.2 * Math.abs(w) / maxW;
    const p = el('path', { d: edgePath(g, e, pos, lanes.get(e)), class: 'edge' + (e.kind === 'next' ? ' dashed' : ''),
                           'stroke-width': width.toFixed(2), stroke: '#5b6678', 'stroke-opacity': 0.9 }, edgeLayer);
    let label = null;
    if (opts.edgeLabels && w !== null) {
      const len = p.getTotalLength ? p.getTotalLength() : 0;
      const mid = len ? p.getPointAtLength(len * 0.55) : { x: (pos[e.from].x + pos[e.to].x) / 2, y: (pos[e.from].y + pos[e.to].y) / 2 };
      label = el('text', { x: mid.x, y: mid.y - 4, 'text-anchor': 'middle', class: 'edge-label' }, labelLayer);
      label.textContent = fmt(w, 3);
    }
    return { e, path: p, label };
  });
  const nodes = {};
  for (const n of g.nodes) {
    const grp = el('g', { class: 'node', transform: `translate(${n.x},${n.y})`, 'data-id': n.id }, nodeLayer);
    const shape = n.kind === 'neuron'
      ? el('rect', { x: -R, y: -R, width: 2 * R, height: 2 * R, rx: 6, class: 'shape', fill: color(null) }, grp)
      : el('circle', { r: R, class: 'shape', fill: color(null) }, grp);
    const value = el('text', { 'text-anchor': 'middle', dy: '0.35em', 'font-size': 11.5, 'font-weight': 600, fill: '#cfd6e0' }, grp);
    const name = el('text', { 'text-anchor': 'middle', y: R + 14, 'font-size': 11, fill: '#aab4c3' }, grp);
    name.textContent = n.name;
    grp.addEventListener('click', ev => { ev.stopPropagation(); if (opts.onClick) opts.onClick(n); });
    nodes[n.id] = { n, grp, shape, value };
  }
  // Pan and zoom on the viewBox.
  let vb = Object.assign({}, bounds);
  const apply = () => svg.setAttribute('viewBox', `${vb.x} ${vb.y} ${vb.w} ${vb.h}`);
  // Fit the drawing, but never magnify a small graph more than 1.25×.
  const fit = () => {
    const r = svg.getBoundingClientRect(), maxZoom = 1.25;
    const w = Math.max(bounds.w, (r.width || 800) / maxZoom), h = Math.max(bounds.h, (r.height || 500) / maxZoom);
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
      for (const { e, path } of edges) {
        if (!values) {
          const w = e.weight;
          path.setAttribute('stroke', opts.weightColours && w !== null && w !== undefined ? color(w) : '#5b6678');
          continue;
        }
        const src = values[e.fromSlot];
        const c = e.weight === null || e.weight === undefined ? src : src * e.weight;
        path.setAttribute('stroke', color(c));
      }
    },
    select(id) { for (const k in nodes) nodes[k].grp.classList.toggle('selected', k === id); },
    highlight(id) { for (const x of edges) x.path.classList.toggle('hl', x.e.to === id || x.e.from === id); },
  };
}

// ---- State of the stepping ------------------------------------------------------------------------------
const G = D.graph, NI = G.inputCount;
const sim = Simulator(G);
const S = { t: 0, state: sim.initial(), history: [], refState: D.reference ? D.reference.start : null,
            queue: [], pendingBits: 0, playing: null, selected: null, traces: [] };
const nodeById = {}; for (const n of G.nodes) nodeById[n.id] = n;

function symbolText(bits) {
  let s = ''; for (let i = 0; i < NI; i++) s += (bits >> i) & 1 ? '1' : '0';
  return s;
}
function parseSequence(text) {
  const clean = text.trim();
  if (!clean) return [];
  const tokens = NI === 1 ? clean.replace(/[\s,]+/g, '').split('') : clean.split(/[\s,]+/);
  return tokens.map(tok => {
    if (tok.length !== NI || /[^01]/.test(tok)) throw new Error(`'${tok}' is not ${NI} digit${NI > 1 ? 's' : ''} of 0/1`);
    let b = 0; for (let i = 0; i < NI; i++) if (tok[i] === '1') b |= 1 << i;
    return b;
  });
}
const formatSequence = seq => seq.map(symbolText).join(NI === 1 ? '' : ' ');

// On open the page plays its examples one after another until the user touches anything.
let demo = false;
function nextDemoExample() {
  S.demoIndex = ((S.demoIndex || 0) + 1) % D.examples.length;
  S.t = 0; S.state = sim.initial(); S.history = []; S.refState = D.reference ? D.reference.start : null;
  S.loaded = D.examples[S.demoIndex].slice(); S.queue = S.loaded.slice();
  $('sequence').value = formatSequence(S.loaded); $('examples').value = String(S.demoIndex);
}
function step() {
  if (demo && !S.queue.length && D.examples.length) nextDemoExample();
  const bits = S.queue.length ? S.queue.shift() : S.pendingBits;
  const r = sim.step(S.state, bits);
  let target = null;
  if (D.reference && S.refState !== null) {
    target = D.reference.output[S.refState][bits];
    S.refState = D.reference.next[S.refState][bits];
  }
  S.history.push({ bits, values: r.values, pre: r.pre, target });
  S.state = r.next; S.t += 1;
  render();
}
function reset() {
  pause();
  S.t = 0; S.state = sim.initial(); S.history = []; S.refState = D.reference ? D.reference.start : null;
  S.queue = S.loaded ? S.loaded.slice() : [];
  render();
}
function play() {
  if (S.playing) return;
  const rate = +$('speed').value;
  S.playing = setInterval(step, 1000 / rate);
  $('btn-play').firstChild.textContent = 'Pause';
}
function pause() {
  if (S.playing) clearInterval(S.playing);
  S.playing = null;
  $('btn-play').firstChild.textContent = 'Play';
}

// ---- Main view --------------------------------------------------------------------------------------------
const view = GraphView($('graph'), G, { edgeLabels: true, onClick: onNodeClick });
function onNodeClick(n) {
  // Clicking an input takes over from the loaded sequence: the next step uses the clicked bits.
  if (n.kind === 'input') { S.queue = []; S.pendingBits ^= 1 << n.index; }
  else if (!S.traces.includes(n.id)) { S.traces.push(n.id); }
  S.selected = n.id;
  render();
}
function current() { return S.history.length ? S.history[S.history.length - 1] : null; }

function render() {
  const h = current();
  view.show(h ? h.values : null, h ? null : S.state);
  view.select(S.selected); view.highlight(S.selected);
  for (const id in view.nodes) {
    const n = view.nodes[id].n;
    view.nodes[id].grp.classList.toggle('next-on', n.kind === 'input' && ((S.pendingBits >> n.index) & 1) === 1 && !S.queue.length);
  }
  $('stepno').textContent = S.t;
  $('pending').textContent = S.queue.length ? `${symbolText(S.queue[0])} (from the sequence, ${S.queue.length} left)` : `${symbolText(S.pendingBits)} (click input nodes to flip)`;
  renderPanel(); renderAnalyzer();
}

function renderPanel() {
  const p = $('panel'); p.innerHTML = '';
  const n = S.selected ? nodeById[S.selected] : null;
  html('h2', n ? n.name : 'Node', p);
  if (!n) { html('p', 'Click a node to see its parameters; click an input to set the next input.', p, 'muted small'); return; }
  const h = current(), v = h ? h.values[n.slot] : (n.kind === 'state' ? S.state[n.index] : null);
  const kv = html('div', null, p, 'kv');
  const add = (k, val) => { html('div', k, kv); html('div', val, kv); };
  add('kind', n.kind);
  if (n.activation) add('activation', n.activation.name);
  if (n.kind === 'neuron') add('bias', fmt(n.bias, 4));
  if (n.kind === 'state') { add('initial value', fmt(n.initial, 4)); add('next ←', G.nodes.find(m => m.slot === n.next && m.kind !== 'output').name); }
  if (n.kind === 'output') add('reads', G.nodes.find(m => m.slot === n.slot && m.kind !== 'output').name);
  add('value now', v === null ? '– (not stepped yet)' : fmt(v, 6));
  if (n.kind === 'neuron' && h) add('before activation', fmt(h.pre[n.slot], 6));
  if (n.terms && n.terms.length) {
    html('h3', 'incoming weights', p);
    const t = html('table', null, p), hr = html('tr', null, t);
    for (const c of ['from', 'weight', 'value × weight']) html('th', c, hr);
    for (const [slot, w] of n.terms) {
      const src = G.nodes.find(m => m.slot === slot && m.kind !== 'output');
      const tr = html('tr', null, t);
      html('td', src.name, tr); html('td', fmt(w, 4), tr);
      const c = h ? h.values[slot] * w : null, td = html('td', null, tr);
      const sw = html('span', null, td, 'swatch'); sw.style.background = color(c);
      td.appendChild(document.createTextNode(fmt(c, 4)));
    }
  }
  const ex = D.explanation && D.explanation.neurons.find(x => x.name === n.name);
  if (ex) {
    html('h3', 'explanation', p);
    if (ex.function) html('div', ex.function, p, 'formula');
    if (ex.kind) html('div', `kind: ${ex.kind}` + (ex.range ? ` · range [${fmt(ex.range[0])}, ${fmt(ex.range[1])}]` : ''), p, 'muted small');
    if (ex.truthTable && ex.truthTable.length) {
      const t = html('table', null, p), hr = html('tr', null, t);
      for (const name of (ex.inputs || ex.truthTable[0].inputs.map((_, i) => 'in' + i))) html('th', name, hr);
      html('th', 'out', hr);
      for (const row of ex.truthTable) {
        const tr = html('tr', null, t);
        for (const b of row.inputs) html('td', b ? 'high' : 'low', tr);
        html('td', row.output === null || row.output === undefined ? 'never' : (row.output ? 'high' : 'low'), tr);
      }
    }
  }
}

// ---- Logic analyzer ------------------------------------------------------------------------------------------
const WINDOW = 32;
function analyzerRows() {
  const rows = G.nodes.filter(n => n.kind === 'input').map(n => ({ id: n.id, n }));
  for (const n of G.nodes.filter(n => n.kind === 'output')) rows.push({ id: n.id, n, target: true });
  for (const id of S.traces) if (!rows.some(r => r.id === id)) rows.push({ id, n: nodeById[id], removable: true });
  return rows;
}
function renderAnalyzer() {
  const svg = $('analyzer'); svg.innerHTML = '';
  const rows = analyzerRows(), W = Math.max(320, svg.clientWidth || 900), LW = 86, RH = 30, top = 6;
  const H = top + rows.length * RH + 22;
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`); svg.setAttribute('height', H);
  const n0 = Math.max(0, S.history.length - WINDOW), cw = (W - LW - 8) / WINDOW;
  const hist = S.history.slice(n0);
  rows.forEach((r, i) => {
    const y0 = top + i * RH, mid = y0 + RH / 2, amp = RH * 0.36;
    el('rect', { x: LW, y: y0 + 2, width: W - LW - 8, height: RH - 4, fill: '#121720', rx: 4 }, svg);
    const lab = el('text', { x: LW - 8, y: mid + 4, 'text-anchor': 'end', class: 'an-label' }, svg);
    lab.textContent = r.n.name + (r.removable ? ' ×' : '');
    if (r.removable) lab.addEventListener('click', () => { S.traces = S.traces.filter(x => x !== r.id); renderAnalyzer(); });
    let line = '', tline = '';
    hist.forEach((h, k) => {
      const v = h.values[r.n.slot], x = LW + k * cw, yv = mid - Math.max(-1.2, Math.min(1.2, v)) * amp;
      el('rect', { x: x + 0.5, y: y0 + 3, width: cw - 1, height: RH - 6, fill: color(v), 'fill-opacity': 0.28 }, svg);
      line += (k ? ` L${x},${yv}` : `M${x},${yv}`) + ` L${x + cw},${yv}`;
      if (r.target && h.target !== null) {
        const tv = (h.target >> r.n.index) & 1 ? 1 : -1, ty = mid - tv * amp;
        tline += (tline ? ` L${x},${ty}` : `M${x},${ty}`) + ` L${x + cw},${ty}`;
        if ((v > 0 ? 1 : -1) !== tv) {
          el('rect', { x: x + 0.5, y: y0 + 1, width: cw - 1, height: RH - 2, fill: 'none', stroke: '#ff5c7a', 'stroke-width': 2, rx: 3 }, svg);
        }
      }
    });
    if (tline) el('path', { d: tline, stroke: '#f5c451', 'stroke-width': 1.5, 'stroke-dasharray': '4 3', fill: 'none' }, svg);
    if (line) el('path', { d: line, stroke: '#e6e9ee', 'stroke-width': 1.8, fill: 'none' }, svg);
  });
  if (hist.length) {
    const x = LW + hist.length * cw;
    el('line', { x1: x, x2: x, y1: top, y2: top + rows.length * RH, stroke: '#7fd1a8', 'stroke-width': 2 }, svg);
  }
  for (let k = 0; k < hist.length; k++) {
    const t = n0 + k + 1;
    if (t % 4 === 0 || k === hist.length - 1) {
      const tx = el('text', { x: LW + (k + 0.5) * cw, y: top + rows.length * RH + 14, 'text-anchor': 'middle', class: 'an-axis' }, svg);
      tx.textContent = t;
    }
  }
  const key = el('text', { x: W - 8, y: top + rows.length * RH + 14, 'text-anchor': 'end', class: 'an-axis' }, svg);
  key.textContent = D.reference ? 'white: value · yellow dashed: target · red box: output sign ≠ target' : 'white: value';
}

// ---- Controls --------------------------------------------------------------------------------------------------
function setupControls() {
  $('btn-step').addEventListener('click', () => { pause(); step(); });
  $('btn-play').addEventListener('click', () => S.playing ? pause() : play());
  $('btn-reset').addEventListener('click', reset);
  $('btn-fit').addEventListener('click', () => view.fit());
  $('speed').addEventListener('input', () => {
    $('speed-label').textContent = $('speed').value + ' steps/s';
    if (S.playing) { pause(); play(); }
  });
  $('input-help').textContent = NI === 1
    ? 'Type a sequence of 0/1 (1 = true), or pick an example of the objective’s generator.'
    : `Type symbols of ${NI} digits (${G.nodes.filter(n => n.kind === 'input').map(n => n.name).join(', ')} in order; 1 = true), separated by spaces.`;
  $('sequence').placeholder = NI === 1 ? '0110100111' : Array(3).fill('0'.repeat(NI)).join(' ');
  const sel = $('examples');
  html('option', 'example…', sel).value = '';
  D.examples.forEach((ex, i) => { html('option', `example ${i + 1} (${ex.length} steps)`, sel).value = i; });
  sel.addEventListener('change', () => { if (sel.value !== '') load(D.examples[+sel.value]); });
  $('btn-load').addEventListener('click', () => {
    try { load(parseSequence($('sequence').value)); $('queue').textContent = ''; }
    catch (e) { $('queue').textContent = 'not loaded: ' + e.message; }
  });
  $('btn-random').addEventListener('click', () => {
    // Uniform over the inputs the generator allows in each reference state.
    const seq = []; let s = D.reference ? D.reference.start : null;
    for (let t = 0; t < 40; t++) {
      const opts = D.reference ? D.reference.possible[s] : [...Array(1 << NI).keys()];
      const x = opts[Math.floor(Math.random() * opts.length)];
      seq.push(x); if (D.reference) s = D.reference.next[s][x];
    }
    load(seq);
  });
  document.addEventListener('keydown', ev => {
    const tag = (ev.target.tagName || '').toLowerCase();
    if (tag === 'textarea' || tag === 'input' || tag === 'select') return;
    if (ev.key === ' ') { ev.preventDefault(); S.playing ? pause() : play(); }
    else if (ev.key === 'ArrowRight') { ev.preventDefault(); pause(); step(); }
    else if (ev.key === 'r' || ev.key === 'R') reset();
  });
  window.addEventListener('resize', renderAnalyzer);
  for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, () => { demo = false; }, true);
}
function load(seq) {
  S.loaded = seq.slice();
  $('sequence').value = formatSequence(seq);
  reset();
  $('queue').textContent = `${seq.length} steps loaded; Step or Play runs them, then the next input is used.`;
}

// ---- Header, story, before/after, sizes, machine ------------------------------------------------------------
function setupHeader() {
  document.title = D.title;
  $('title').textContent = D.title;
  $('summary').textContent = D.objective.summary;
  const b = $('badges'), z = G.size;
  html('span', `${z.states} states · ${z.neurons} neurons · ${z.edges} edges`, b, 'badge');
  if (D.sizes) html('span', D.sizes.verification.split(',')[0], b, 'badge' + (D.sizes.verification.startsWith('proven') ? ' ok' : ''));
  html('span', `layout: ${G.layout}`, b, 'badge');
  $('bonsai-size').textContent = `${z.states} states, ${z.neurons} neurons, ${z.edges} edges`;
  $('footer').textContent = ['Generated by bonsai view. Self-contained: no network requests.'].concat(D.notes).join(' · ');
}

function plot(svg, cfg) {
  svg.innerHTML = '';
  const W = svg.clientWidth || 360, H = svg.clientHeight || 220, L = 46, Rm = 10, T = 22, B = 26;
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const t = el('text', { x: L, y: 14, class: 'title' }, svg); t.textContent = cfg.title;
  const xs = cfg.series.flatMap(s => s.x), ysAll = cfg.series.flatMap(s => s.y).filter(v => Number.isFinite(v) && (!cfg.logY || v > 0));
  if (!xs.length || !ysAll.length) return;
  let x0 = cfg.xRange ? cfg.xRange[0] : Math.min(...xs), x1 = cfg.xRange ? cfg.xRange[1] : Math.max(...xs);
  if (x1 === x0) x1 = x0 + 1;
  let y0 = cfg.yRange ? cfg.yRange[0] : Math.min(...ysAll), y1 = cfg.yRange ? cfg.yRange[1] : Math.max(...ysAll);
  if (cfg.logY) { y0 = Math.floor(Math.log10(y0)); y1 = Math.ceil(Math.log10(y1)); if (y1 === y0) y1 += 1; }
  else { const pad = (y1 - y0) * 0.06 || 1; y0 -= cfg.yRange ? 0 : pad; y1 += cfg.yRange ? 0 : pad; }
  const X = x => L + (x - x0) / (x1 - x0) * (W - L - Rm);
  const Y = y => { const v = cfg.logY ? Math.log10(y) : y; return T + (1 - (v - y0) / (y1 - y0)) * (H - T - B); };
  el('rect', { x: L, y: T, width: W - L - Rm, height: H - T - B, fill: '#121720', rx: 3 }, svg);
  const yt = cfg.logY ? [...Array(y1 - y0 + 1).keys()].map(k => Math.pow(10, y0 + k)) : niceTicks(y0, y1, 4);
  for (const v of yt) {
    const y = Y(v); el('line', { x1: L, x2: W - Rm, y1: y, y2: y, stroke: '#232b37' }, svg);
    const tx = el('text', { x: L - 5, y: y + 3, 'text-anchor': 'end' }, svg);
    tx.textContent = cfg.logY ? `1e${Math.round(Math.log10(v))}` : fmt(v, 2);
  }
  for (const v of niceTicks(x0, x1, 4)) {
    const tx = el('text', { x: X(v), y: H - 10, 'text-anchor': 'middle' }, svg); tx.textContent = fmt(v, 3);
  }
  if (cfg.xLabel) { const tx = el('text', { x: W - Rm, y: H - 1, 'text-anchor': 'end' }, svg); tx.textContent = cfg.xLabel; }
  for (const m of cfg.marks || []) {
    if (m.x < x0 || m.x > x1) continue;
    el('line', { x1: X(m.x), x2: X(m.x), y1: T, y2: H - B, stroke: m.color, 'stroke-dasharray': '3 3' }, svg);
    const tx = el('text', { x: X(m.x) + 3, y: T + 10 + (m.row || 0) * 11, fill: m.color }, svg); tx.textContent = m.label;
    tx.setAttribute('style', `fill:${m.color}`);
  }
  for (const d of cfg.dots || []) el('circle', { cx: X(d.x), cy: H - B - 3, r: 2.2, fill: d.color }, svg);
  let lx = W - Rm - 4;
  for (const s of cfg.series.slice().reverse()) {
    let path = '';
    s.x.forEach((x, i) => {
      const y = s.y[i]; if (!Number.isFinite(y) || (cfg.logY && y <= 0)) return;
      path += (path ? (s.stepped ? ` H${X(x)} V${Y(y)}` : ` L${X(x)},${Y(y)}`) : `M${X(x)},${Y(y)}`);
    });
    el('path', { d: path, stroke: s.color, 'stroke-width': s.width || 1.6, fill: 'none' }, svg);
    if (s.label) {
      const tx = el('text', { x: lx, y: T + 12, 'text-anchor': 'end' }, svg); tx.textContent = s.label;
      tx.setAttribute('style', `fill:${s.color}`);
      lx -= s.label.length * 6 + 12;
    }
  }
  for (const ln of cfg.hlines || []) {
    el('line', { x1: L, x2: W - Rm, y1: Y(ln.y), y2: Y(ln.y), stroke: ln.color, 'stroke-dasharray': '2 3' }, svg);
  }
}
function niceTicks(a, b, n) {
  const span = b - a; if (!(span > 0)) return [a];
  const step0 = Math.pow(10, Math.floor(Math.log10(span / n))), err = span / n / step0;
  const step = step0 * (err >= 7.5 ? 10 : err >= 3.5 ? 5 : err >= 1.5 ? 2 : 1);
  const out = []; for (let v = Math.ceil(a / step) * step; v <= b + 1e-9; v += step) out.push(+v.toFixed(10));
  return out;
}

function setupStory() {
  const M = D.metrics;
  const act = D.trainingActivation || (G.nodes.find(n => n.activation) || {}).activation;
  const note = [];
  if (M) {
    const marks = [];
    if (M.solvedAtStep !== null && M.solvedAtStep !== undefined) marks.push({ x: M.solvedAtStep, label: 'validated', color: '#7fd1a8' });
    if (M.bestStep !== null && M.bestStep !== undefined) marks.push({ x: M.bestStep, label: 'smallest', color: '#f5c451', row: 1 });
    const dots = M.validations.map(([s, a]) => ({ x: s, color: a >= 1 ? '#7fd1a8' : '#5b6678' }));
    plot($('plot-loss'), { title: 'loss (log scale)', logY: true, xLabel: 'step', marks, dots,
      series: [{ x: M.step, y: M.baseLoss, color: '#f08a5d', label: 'base' }, { x: M.step, y: M.regLoss, color: '#b48ef0', label: 'regularization' }] });
    plot($('plot-weights'), { title: 'weights above threshold' + (M.totalWeights ? ` (of ${M.totalWeights})` : ''), xLabel: 'step', marks, dots,
      series: [{ x: M.step, y: M.weightsAbove, color: '#7fd1a8', stepped: true }] });
    note.push(`Seed ${M.seed ?? '?'}: ${M.validations.length} validations (green dots: all signs right).`
      + (M.solvedAtStep != null ? ` It first validated at step ${M.solvedAtStep}` : '')
      + (M.bestStep != null ? `; the smallest validated network is from step ${M.bestStep}.` : '.')
      + ' After it validates, training keeps going and the regularizer shrinks the network: that long phase is where the bonsai grows.');
  } else {
    note.push('No metrics log in this run directory, so no training curves.');
    for (const id of ['plot-loss', 'plot-weights']) $(id).classList.add('hidden');
  }
  if (act) {
    const xs = [], ys = []; for (let i = 0; i <= 240; i++) { const x = -4 + i * 8 / 240; xs.push(x); ys.push(activate(act, x)); }
    plot($('plot-activation'), { title: `activation: ${act.name}`, xLabel: 'x', series: [{ x: xs, y: ys, color: '#e6e9ee' }], hlines: [{ y: 1, color: '#5b6678' }, { y: -1, color: '#5b6678' }] });
  }
  const rg = D.regularizer;
  if (rg) {
    const span = Math.max(8 * rg.threshold, 0.2), xs = [], ys = [];
    for (let i = 0; i <= 240; i++) {
      const w = -span + i * 2 * span / 240, a = Math.abs(w);
      xs.push(w); ys.push(rg.lambda * (Math.tanh(rg.steepness * (a - rg.threshold)) - Math.tanh(-rg.steepness * rg.threshold)) + rg.l1 * a);
    }
    plot($('plot-regularizer'), { title: `regularizer per weight (λ ${fmt(rg.lambda, 4)}, t ${fmt(rg.threshold, 4)}, k ${fmt(rg.steepness, 2)})`, xLabel: 'w',
      series: [{ x: xs, y: ys, color: '#b48ef0' }],
      marks: [{ x: rg.threshold, label: 't', color: '#5b6678' }, { x: -rg.threshold, label: '−t', color: '#5b6678' }] });
  } else $('plot-regularizer').classList.add('hidden');
  $('story-note').textContent = note.join(' ');
}

function setupBeforeAfter() {
  const mini = GraphView($('bonsai-mini'), G, { weightColours: true });
  mini.show(null);
  if (D.dense) {
    const dv = GraphView($('dense'), D.dense, { weightColours: true });
    dv.show(null);
    const z = D.dense.size; $('dense-size').textContent = `${z.states} states, ${z.neurons} neurons, ${z.edges} edges (colour = weight)`;
  } else { $('dense').replaceWith(html('p', 'No network.json in this run directory.', null, 'muted small')); }
  const sz = $('sizes');
  if (D.sizes) {
    const t = html('table', null, sz, 'sizes'), hr = html('tr', null, t);
    for (const c of ['stage', 'inputs', 'states', 'neurons', 'edges', 'nonzero parameters', 'rejected candidates']) html('th', c, hr);
    for (const st of D.sizes.stages) {
      const tr = html('tr', null, t);
      for (const c of [st.name, st.size.inputs, st.size.states, st.size.neurons, st.size.edges, st.size.parameters, st.rejected]) html('td', c, tr);
    }
    html('p', 'Verification: ' + D.sizes.verification + '.', sz, 'muted small');
  } else $('sizes-card').classList.add('hidden');
}

function setupMachine() {
  const E = D.explanation, m = E && E.machine;
  if (!m) { $('machine-card').classList.add('hidden'); return; }
  $('machine-note').textContent = `— ${m.states} states, edges labelled input/output` + (E.equivalent ? ' · equivalent to the reference machine' : '')
    + (E.reference && E.reference.states ? ` (reference: ${E.reference.states} states)` : '');
  const svg = $('machine'); svg.innerHTML = '';
  const n = m.states, Rr = Math.max(90, n * 26), cx = Rr + 120, cy = Rr + 105;
  svg.setAttribute('viewBox', `0 0 ${2 * cx} ${2 * cy}`);
  const defs = el('defs', {}, svg), mk = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
  el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#aab4c3' }, mk);
  const P = k => ({ x: cx + Rr * Math.cos(2 * Math.PI * k / n - Math.PI / 2), y: cy + Rr * Math.sin(2 * Math.PI * k / n - Math.PI / 2) });
  const groups = new Map();
  for (const tr of m.transitions) { const k = tr.from + '>' + tr.to; if (!groups.has(k)) groups.set(k, []); groups.get(k).push(tr.input + '/' + tr.output); }
  const r = 20;
  for (const [k, labels] of groups) {
    const [a, b] = k.split('>').map(Number), p = P(a), q = P(b);
    let d, lx, ly;
    if (a === b) {
      const ux = (p.x - cx) / Rr, uy = (p.y - cy) / Rr, ox = p.x + ux * r, oy = p.y + uy * r;
      d = `M${ox - uy * 8},${oy + ux * 8} C${ox + ux * 50 - uy * 30},${oy + uy * 50 + ux * 30} ${ox + ux * 50 + uy * 30},${oy + uy * 50 - ux * 30} ${ox + uy * 8},${oy - ux * 8}`;
      lx = p.x + ux * 78; ly = p.y + uy * 78;
    } else {
      const dx = q.x - p.x, dy = q.y - p.y, len = Math.hypot(dx, dy), nx = -dy / len, ny = dx / len, bend = 28;
      const mx = (p.x + q.x) / 2 + nx * bend, my = (p.y + q.y) / 2 + ny * bend;
      const s = { x: p.x + (mx - p.x) / Math.hypot(mx - p.x, my - p.y) * r, y: p.y + (my - p.y) / Math.hypot(mx - p.x, my - p.y) * r };
      const e = { x: q.x + (mx - q.x) / Math.hypot(mx - q.x, my - q.y) * r, y: q.y + (my - q.y) / Math.hypot(mx - q.x, my - q.y) * r };
      d = `M${s.x},${s.y} Q${mx},${my} ${e.x},${e.y}`; lx = (p.x + q.x) / 2 + nx * (bend * 0.6 + 8); ly = (p.y + q.y) / 2 + ny * (bend * 0.6 + 8);
    }
    el('path', { d, stroke: '#7d889a', 'stroke-width': 1.4, fill: 'none', 'marker-end': 'url(#arrow)' }, svg);
    const tx = el('text', { x: lx, y: ly + 4, 'text-anchor': 'middle', class: 'edge-label' }, svg); tx.textContent = labels.join(', ');
  }
  for (let k = 0; k < n; k++) {
    const p = P(k);
    if (k === m.start) el('circle', { cx: p.x, cy: p.y, r: r + 4, fill: 'none', stroke: '#7fd1a8', 'stroke-width': 1.5 }, svg);
    el('circle', { cx: p.x, cy: p.y, r, fill: '#212834', stroke: '#aab4c3', 'stroke-width': 1.5 }, svg);
    const tx = el('text', { x: p.x, y: p.y + 4, 'text-anchor': 'middle', fill: '#e6e9ee', 'font-size': 12 }, svg); tx.textContent = k;
  }
}

// ---- Self-test: index.html#selftest ----------------------------------------------------------------------------
function compareTrace(g, inputs, expected) {
  const s = Simulator(g); let state = s.initial(), maxDiff = 0, bad = null;
  inputs.forEach((bits, t) => {
    const r = s.step(state, bits);
    for (let i = 0; i < s.size; i++) {
      const e = expected[t][i], d = Math.abs(r.values[i] - e);
      if (!(d <= 1e-6 * Math.max(1, Math.abs(e)))) { if (!bad) bad = `step ${t} value ${i}: page ${r.values[i]} vs Swift ${e}`; }
      if (d > maxDiff || Number.isNaN(d)) maxDiff = Number.isNaN(d) ? Infinity : d;
    }
    state = r.next;
  });
  return { maxDiff, bad, count: inputs.length * s.size };
}
function selfTest() {
  const out = [], fails = [];
  const main = compareTrace(G, D.selftest.inputs, D.selftest.values);
  out.push(`main=${main.count}`, `maxdiff=${main.maxDiff.toExponential(2)}`);
  if (main.bad) fails.push('main graph: ' + main.bad);
  if (D.dense && D.selftest.denseValues) {
    const dn = compareTrace(D.dense, D.selftest.inputs, D.selftest.denseValues);
    out.push(`dense=${dn.count}`, `densemaxdiff=${dn.maxDiff.toExponential(2)}`);
    if (dn.bad) fails.push('dense graph: ' + dn.bad);
  }
  reset();
  const fills = () => Object.values(view.nodes).map(x => x.shape.getAttribute('fill')).concat(view.edges.map(x => x.path.getAttribute('stroke')));
  const before = fills();
  $('btn-step').click();
  const after = fills(), changed = before.filter((f, i) => f !== after[i]).length;
  out.push(`changed=${changed}`);
  if (!changed) fails.push('clicking Step changed no colour');
  if (S.t !== 1) fails.push('clicking Step did not advance the step counter');
  // Keyboard: → steps, r resets, space plays and pauses.
  const key = k => document.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
  key('ArrowRight');
  if (S.t !== 2) fails.push('→ did not step');
  key(' '); const played = S.playing !== null; key(' ');
  if (!played || S.playing !== null) fails.push('space did not play and pause');
  key('r');
  if (S.t !== 0) fails.push('r did not reset');
  out.push('keys=ok');
  const requests = performance.getEntriesByType('resource').length;
  out.push(`requests=${requests}`);
  if (requests) fails.push(`${requests} network request(s)`);
  reset();
  return (fails.length ? 'SELFTEST FAIL ' + fails.join('; ') + ' | ' : 'SELFTEST PASS ') + out.join(' ');
}

function reportSelfTest(text) {
  const r = $('selftest-result'); r.textContent = text; r.hidden = false;
}
try {
  setupHeader(); setupControls(); setupStory(); setupBeforeAfter(); setupMachine();
  if (D.examples.length) { S.loaded = D.examples[0].slice(); $('sequence').value = formatSequence(S.loaded); $('examples').value = '0'; }
  reset();
  if (location.hash === '#selftest') reportSelfTest(selfTest());
  // index.html#step=N opens the page N steps into the first example (for screenshots and links).
  const m = /^#step=(\d+)$/.exec(location.hash);
  if (m) { for (let k = 0; k < +m[1]; k++) step(); S.selected = S.selected || (G.nodes.find(n => n.kind === 'neuron') || {}).id || null; render(); }
  else if (location.hash !== '#selftest' && D.examples.length) { demo = true; play(); }
} catch (e) {
  if (location.hash === '#selftest') reportSelfTest('SELFTEST FAIL exception: ' + (e && e.stack ? e.stack.split('\n').slice(0, 3).join(' / ') : e));
  else throw e;
}
"""#
}
