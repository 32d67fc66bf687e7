/// The page's fixed markup; the script fills it from the embedded data.
enum PageMarkup {
    static let body = #"""
<header class="top">
  <span class="brand">bonsai</span>
  <h1 id="title"></h1>
  <p id="summary"></p>
  <div class="badges" id="badges"></div>
</header>
<main>
  <section class="stage">
    <div class="card graph-card">
      <div class="toolbar">
        <button id="btn-reset" title="Reset (r)">Reset<kbd>r</kbd></button>
        <button id="btn-step" class="primary" title="Step (→)">Step<kbd>→</kbd></button>
        <button id="btn-play" title="Play / pause (space)">Play<kbd>space</kbd></button>
        <label class="muted small">speed <input id="speed" type="range" min="1" max="20" value="4"></label>
        <span class="muted small" id="speed-label">4 steps/s</span>
        <button id="btn-fit" title="Fit the graph">Fit</button>
        <span class="stepno">step <b id="stepno">0</b></span>
      </div>
      <div class="graph-scroll" id="graph-scroll"><svg id="graph" role="img" aria-label="the bonsai graph"></svg></div>
      <div class="legend" id="legend">
        <span><span class="scale"></span> −1 · 0 · +1 (blue · white · red)</span>
        <span><svg width="16" height="16"><rect x="2" y="2" width="12" height="12" rx="2" fill="#cfd6e0"/></svg> neuron</span>
        <span><svg width="16" height="16"><circle cx="8" cy="8" r="6" fill="#cfd6e0"/></svg> input · state · output</span>
        <span><svg width="30" height="10"><path d="M1 5 H29" stroke="#cfd6e0" stroke-width="2"/></svg> contribution = value × weight, width = |weight|</span>
        <span><svg width="30" height="10"><path d="M1 5 H29" stroke="#cfd6e0" stroke-width="2" stroke-dasharray="5 4"/></svg> into a state (next step)</span>
        <span>drag to pan · wheel / pinch to zoom</span>
        <span id="legend-names"></span>
      </div>
    </div>
    <aside class="side">
      <div class="card">
        <h2>Inputs</h2>
        <div class="row small"><span class="muted">next input:</span> <span class="pending" id="pending"></span></div>
        <div class="muted small" id="input-help"></div>
        <textarea id="sequence" rows="2" spellcheck="false"></textarea>
        <div class="row">
          <button id="btn-load">Use sequence</button>
          <select id="examples"></select>
          <button id="btn-random">Random</button>
        </div>
        <div class="muted small" id="queue"></div>
      </div>
      <div class="card panel" id="panel"><h2>Node</h2><p class="muted small">Click a node to see its parameters; click an input to set the next input.</p></div>
    </aside>
  </section>
  <section class="card">
    <h2>Logic analyzer <span class="muted small">— recent steps; click a node in the graph to add its trace, click a label to remove it</span></h2>
    <svg id="analyzer"></svg>
    <p class="muted small" id="analyzer-key"></p>
  </section>
  <section class="card" id="story">
    <h2>Training story</h2>
    <p class="muted small" id="story-note"></p>
    <div class="grid4">
      <svg class="plot" id="plot-loss"></svg>
      <svg class="plot" id="plot-weights"></svg>
      <svg class="plot" id="plot-activation"></svg>
      <svg class="plot" id="plot-regularizer"></svg>
    </div>
  </section>
  <section class="grid2">
    <div class="card"><h2>Before: the trained network <span class="muted small" id="dense-size"></span></h2><svg class="mini" id="dense"></svg></div>
    <div class="card"><h2>After: the bonsai graph <span class="muted small" id="bonsai-size"></span></h2><svg class="mini" id="bonsai-mini"></svg></div>
  </section>
  <section class="card" id="sizes-card"><h2>Size table</h2><div id="sizes"></div></section>
  <section class="card" id="machine-card"><h2>State machine <span class="muted small" id="machine-note"></span></h2><svg id="machine"></svg><div id="invariant"></div></section>
  <footer id="footer"></footer>
</main>
<pre id="selftest-result" hidden></pre>
"""#
}
