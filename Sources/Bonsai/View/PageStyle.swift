/// The page's style sheet: a dark slate canvas so the red / white / blue value scale reads at a glance.
enum PageStyle {
    static let css = #"""
:root { --bg: #11151c; --card: #1a2029; --card2: #212834; --line: #2e3745; --text: #e6e9ee; --muted: #8f9aab;
  --accent: #7fd1a8; --warn: #ff5c7a; --target: #f5c451; }
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--bg); color: var(--text);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header.top { padding: 14px 22px 10px; display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 18px;
  border-bottom: 1px solid var(--line); background: linear-gradient(180deg, #161b24, var(--bg)); }
.brand { font-weight: 700; letter-spacing: .04em; color: var(--accent); font-size: 13px; text-transform: uppercase; }
h1 { font-size: 22px; margin: 0; font-weight: 650; }
h2 { font-size: 15px; margin: 0 0 8px; font-weight: 600; color: #cfd6e0; }
h3 { font-size: 13px; margin: 0 0 6px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
#summary { color: var(--muted); margin: 0; flex: 1 1 320px; }
.badges { display: flex; gap: 8px; flex-wrap: wrap; }
.badge { background: var(--card2); border: 1px solid var(--line); border-radius: 999px; padding: 2px 10px; font-size: 12px; color: #cdd5df; }
.badge.ok { border-color: #2f6b50; color: var(--accent); }
main { padding: 14px 18px 30px; display: grid; gap: 14px; max-width: 1600px; margin: 0 auto; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 12px 14px; min-width: 0; }
.stage { display: grid; grid-template-columns: minmax(0, 1fr) 330px; gap: 14px; }
.graph-card { padding: 0; overflow: hidden; display: flex; flex-direction: column; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 10px 12px; border-bottom: 1px solid var(--line); }
button, select, input, textarea { font: inherit; color: var(--text); }
button { background: var(--card2); border: 1px solid var(--line); border-radius: 8px; padding: 5px 11px; cursor: pointer; }
button:hover { border-color: #4a5668; }
button.primary { background: #2b6e52; border-color: #3b8c69; }
button kbd { font-size: 11px; color: var(--muted); margin-left: 4px; }
select, textarea, input[type=text] { background: #121720; border: 1px solid var(--line); border-radius: 8px; padding: 5px 8px; }
textarea { width: 100%; resize: vertical; min-height: 38px; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
.stepno { font-variant-numeric: tabular-nums; color: var(--muted); margin-left: auto; }
.stepno b { color: var(--text); }
#graph { display: block; width: 100%; height: 100%; background: radial-gradient(ellipse at center, #18202b 0%, #10141b 100%);
  touch-action: none; cursor: grab; user-select: none; }
#graph.panning { cursor: grabbing; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; padding: 8px 12px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
.legend svg { vertical-align: middle; }
.scale { width: 120px; height: 10px; border-radius: 5px; display: inline-block; vertical-align: middle;
  background: linear-gradient(90deg, #2166ac, #4393c3, #92c5de, #f7f7f7, #f4a582, #d6604d, #b2182b); }
.side { display: flex; flex-direction: column; gap: 14px; min-width: 0; }
.row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 6px 0; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.pending { font-family: ui-monospace, Menlo, Consolas, monospace; }
.node text { pointer-events: none; }
.node { cursor: pointer; }
.node .shape { stroke: #0c0f14; stroke-width: 1.5; }
.node.selected .shape { stroke: var(--accent); stroke-width: 3.5; }
.node.next-on .shape { stroke: var(--target); stroke-width: 3.5; stroke-dasharray: 4 3; }
.edge { fill: none; stroke-linecap: round; }
.edge.dashed { stroke-dasharray: 6 5; }
.edge.hl { stroke-opacity: 1 !important; filter: drop-shadow(0 0 3px #fff8); }
.edge-label { font-size: 10px; fill: #aab4c3; paint-order: stroke; stroke: #10141b; stroke-width: 3px; }
.machine-label { font-size: 13px; }
.stub-label { font-size: 11px; }
/* Shown only while an end of the edge is selected: backward state feeds drawn as stubs, crowded weight labels. */
.edge.full-on-select, .edge-label.on-select { display: none; }
.edge.full-on-select.hl, .edge-label.on-select.hl { display: inline; }
.panel table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
.panel td, .panel th { padding: 3px 6px; border-bottom: 1px solid var(--line); text-align: left; font-variant-numeric: tabular-nums; }
.panel th { color: var(--muted); font-weight: 500; }
.panel .kv { display: grid; grid-template-columns: 110px 1fr; gap: 3px 10px; margin-bottom: 8px; }
.panel .kv div:nth-child(odd) { color: var(--muted); }
.formula { font-family: ui-monospace, Menlo, Consolas, monospace; background: #121720; padding: 6px 8px; border-radius: 6px; margin: 6px 0; word-break: break-word; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; vertical-align: -2px; margin-right: 4px; border: 1px solid #0006; }
#analyzer { width: 100%; display: block; }
.an-label { font-size: 12px; fill: #cfd6e0; cursor: pointer; }
.an-axis { font-size: 10px; fill: var(--muted); }
.grid2 { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 14px; }
.grid4 { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 14px; }
.plot { width: 100%; height: 220px; display: block; }
.plot text { font-size: 10.5px; fill: var(--muted); }
.plot .title { font-size: 12px; fill: #cfd6e0; }
.mini { width: 100%; height: 360px; display: block; background: #10141b; border-radius: 8px; touch-action: none; }
table.sizes { border-collapse: collapse; width: 100%; font-size: 12.5px; font-variant-numeric: tabular-nums; }
table.sizes td, table.sizes th { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; }
table.sizes td:first-child, table.sizes th:first-child { text-align: left; }
table.sizes tr:last-child td { color: var(--accent); font-weight: 600; }
#machine { width: 100%; height: 380px; display: block; background: #10141b; border-radius: 8px; }
/* Wide tables scroll inside their own box: on a phone the page itself never scrolls sideways. */
#sizes, #invariant, .panel { overflow-x: auto; }
#analyzer-key { margin: 4px 0 0; }
.graph-scroll { overflow: auto; height: min(62vh, 680px); min-height: 340px; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 6px 0 20px; }
.hidden { display: none !important; }
@media (max-width: 1100px) { .grid4 { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
@media (max-width: 900px) {
  .stage, .grid2 { grid-template-columns: minmax(0, 1fr); }
  .graph-scroll { height: min(52vh, 440px); }
  main { padding: 10px 8px 24px; }
}
@media (max-width: 560px) { .grid4 { grid-template-columns: minmax(0, 1fr); } h1 { font-size: 19px; } }
"""#
}
