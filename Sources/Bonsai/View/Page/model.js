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
const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const sizeText = (z, sep) => [plural(z.states, 'state'), plural(z.neurons, 'neuron'), plural(z.edges, 'edge')].join(sep);
// What a node's name means: the network's naming (c0.o3 = cell 0, output tree, unit 3) is for insiders.
function describeName(n) {
  const c = /^c(\d+)\.([ors])(\d+)$/.exec(n.name);
  if (c) return { o: `cell ${c[1]}, output tree, unit ${c[3]}: feeds the next cell or the outputs`,
                  r: `cell ${c[1]}, state tree, unit ${c[3]}: computes a state's next value`,
                  s: `cell ${c[1]}, state ${c[3]}: holds a value from the previous step` }[c[2]];
  // The original implementation's names for the same parts.
  const o = /^layer_(\d+)_(output|recurrent|state)_(\d+)$/.exec(n.name);
  if (o) return describeName({ name: `c${o[1]}.${o[2][0]}${o[3]}`, kind: n.kind });
  const p = /^post(\d+)$/.exec(n.name);
  if (p) return `output layer, unit ${p[1]}: reads the last cell`;
  return { input: 'an input bit (+1 true, −1 false)', state: 'a state: holds a value from the previous step',
           output: 'an output bit: its sign is the answer', neuron: 'a neuron' }[n.kind];
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

