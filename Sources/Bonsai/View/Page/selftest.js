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
// Legibility in the current window, at Fit: the smallest node-label font as rendered (px), the label boxes
// (node names and shown weight labels) that overlap, and how far the page is wider than the window.
function layoutMetrics() {
  view.fit();
  let minLabelPx = Infinity;
  const boxes = [];
  for (const id in view.nodes) {
    const t = view.nodes[id].name, m = t.getScreenCTM();
    if (m) minLabelPx = Math.min(minLabelPx, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b));
    boxes.push(t.getBoundingClientRect());
  }
  for (const x of view.edges) if (x.label && getComputedStyle(x.label).display !== 'none') boxes.push(x.label.getBoundingClientRect());
  let overlaps = 0;
  const hit = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (hit(boxes[i], boxes[j])) overlaps++;
  const root = document.documentElement, overflowX = Math.max(0, root.scrollWidth - root.clientWidth);
  return { minLabelPx: Number.isFinite(minLabelPx) ? minLabelPx : 0, overlaps, overflowX };
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
  const lm = layoutMetrics();
  out.push(`layout: minLabelPx=${lm.minLabelPx.toFixed(1)} overlaps=${lm.overlaps} overflowX=${lm.overflowX}`);
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
