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
  rewind();
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
// Step 0: the graph and the reference back at their start, no history.
function rewind() {
  S.t = 0; S.state = sim.initial(); S.history = []; S.refState = D.reference ? D.reference.start : null;
}
function reset() {
  pause();
  rewind();
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
// Node names stay at their size (minScale 1: 12 px) at Fit; a larger graph scrolls in its box.
const view = GraphView($('graph'), G, { edgeLabels: true, stubs: true, minScale: 1, scroller: $('graph-scroll'), onClick: onNodeClick });
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
  add('name', describeName(n));
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
  // The key is HTML below the traces: it wraps on a narrow screen instead of being clipped.
  $('analyzer-key').textContent = D.reference ? 'white: value · yellow dashed: target · red box: output sign ≠ target' : 'white: value';
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

