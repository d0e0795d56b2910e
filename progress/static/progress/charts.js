/* Draws every chart of the page: each <script type="application/json" class="chart-spec"> (from
   json_script) holds a Vega-Lite spec built by progress/charts.py; it is embedded into the
   element with data-chart="<its id>". The Content Security Policy forbids eval and inline
   styles, so Vega runs its expressions through vega-interpreter (ast + expr) and vega-embed
   and vega-tooltip inject no stylesheet (their CSS is in progress.css). The table view beside
   each chart (in the HTML) stays the accessible version; the SVG gets the spec's description
   as its label. */
(function () {
  "use strict";

  function nameTheMenu(element) {
    // vega-embed's menu button is an icon only; give it a name screen readers can announce.
    element.querySelectorAll("details > summary").forEach(function (summary) {
      summary.setAttribute("aria-label", element.dataset.menu);
    });
  }

  function exportLinks(element, view) {
    // vega-embed sets an export link's href on mousedown only; do it on focus too, so a
    // keyboard user's Enter saves the image as well.
    element.querySelectorAll(".vega-actions a[download]").forEach(function (link) {
      var ext = link.download.split(".").pop();
      link.addEventListener("focus", function () {
        view.toImageURL(ext).then(function (url) { link.href = url; });
      });
    });
  }

  function draw(script) {
    var element = document.querySelector('[data-chart="' + script.id + '"]');
    if (!element || element.dataset.drawn) { return; }
    element.dataset.drawn = "1";
    var spec = JSON.parse(script.textContent);
    var options = {
      renderer: "svg",
      ast: true,
      expr: window.vega.expressionInterpreter,
      defaultStyle: false,
      forceActionsMenu: true,
      tooltip: { disableDefaultStyle: true },
      downloadFileName: element.dataset.file || "chart",
      actions: { export: { png: true, svg: true }, source: false, compiled: false, editor: false },
      i18n: {
        PNG_ACTION: element.dataset.png,
        SVG_ACTION: element.dataset.svg,
        CLICK_TO_VIEW_ACTIONS: element.dataset.menu
      }
    };
    window.vegaEmbed(element, spec, options).then(function (result) {
      nameTheMenu(element);
      exportLinks(element, result.view);
      element.classList.add("chart-drawn");
    }).catch(function (error) {
      element.classList.add("chart-failed");
      element.textContent = error.message;
    });
  }

  function drawAll() {
    if (!window.vegaEmbed || !window.vega || !window.vega.expressionInterpreter) { return; }
    document.querySelectorAll('script[type="application/json"].chart-spec').forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
}());
