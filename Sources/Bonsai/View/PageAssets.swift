/// The page's fixed parts, kept as real files in View/Page/ so that JavaScript and CSS tools can read and
/// check them (`.ci/run` runs `node --check` on every script), and embedded into the library when it is
/// built (`.embedInCode` in Package.swift): the page stays one self-contained file, and the `bonsai` binary
/// needs no resource bundle beside it wherever it is installed.
///
/// - `body.html`: the fixed markup; the script fills it from the embedded data.
/// - `style.css`: a dark slate canvas so the red / white / blue value scale reads at a glance.
/// - The script, in this order, as one inline `<script>`:
///   `model.js` (data, the activation formulas of Activation.swift term for term, one timestep as
///   GraphEvaluator.step, the diverging colour scale); `graph-view.js` (the SVG drawing with pan and zoom,
///   shared by the main view and the before/after views); `stepping.js` (stepping state, the main view, the
///   node panel, the logic analyzer, the controls); `story.js` (the header, the training story plots, the
///   before/after views, the size table, the state machine); `selftest.js` (`index.html#selftest` and the
///   start-up).
enum PageAssets {
    static let body = text(PackageResources.body_html)
    static let css = text(PackageResources.style_css)
    static let script = [
        PackageResources.model_js, PackageResources.graph_view_js, PackageResources.stepping_js,
        PackageResources.story_js, PackageResources.selftest_js,
    ].map(text).joined(separator: "\n")

    /// A file's text without its final newline: the page puts its own line breaks between the parts.
    private static func text(_ bytes: [UInt8]) -> String {
        let s = String(decoding: bytes, as: UTF8.self)
        return s.hasSuffix("\n") ? String(s.dropLast()) : s
    }
}
