// Timelines drawn with the vendored Chart.js: quad-class stacked bars and Goldstein lines.
"use strict";
(function () {
  const QUADS = [
    ["q1", "verbal cooperation", "--q1"], ["q2", "material cooperation", "--q2"],
    ["q3", "verbal conflict", "--q3"], ["q4", "material conflict", "--q4"],
  ];

  function quadChart(canvas, data) {
    const labels = data.series.map((p) => p.period);
    const datasets = QUADS.map(([key, label, color]) => ({
      label, data: data.series.map((p) => p[key]), backgroundColor: parley.cssVar(color), stack: "q",
    }));
    return new Chart(canvas, {
      type: "bar", data: { labels, datasets },
      options: { maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: "events" } } } },
    });
  }

  function goldsteinChart(canvas, data) {
    const labels = data.series.map((p) => p.period);
    return new Chart(canvas, {
      data: { labels, datasets: [
        { type: "line", label: "mean Goldstein", data: data.series.map((p) => p.goldstein_mean),
          borderColor: "#1f5fa8", backgroundColor: "#1f5fa8", yAxisID: "g", spanGaps: true, tension: 0.2 },
        { type: "bar", label: "summed Goldstein", data: data.series.map((p) => p.goldstein_sum),
          backgroundColor: data.series.map((p) => (p.goldstein_sum >= 0 ? "rgba(27,120,55,.35)" : "rgba(178,24,43,.35)")),
          yAxisID: "s" },
      ] },
      options: { maintainAspectRatio: false, animation: false,
        scales: {
          g: { position: "left", min: -10, max: 10, title: { display: true, text: "mean Goldstein" } },
          s: { position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: "sum" } },
        } },
    });
  }

  async function draw(canvas) {
    const box = canvas.parentElement;
    try {
      const data = await parley.getJSON(canvas.dataset.src);
      if (!data.series.length) {
        box.replaceChildren(parley.el("p", { class: "muted" }, "No events in this period."));
        return;
      }
      (canvas.dataset.chart === "quads" ? quadChart : goldsteinChart)(canvas, data);
      canvas.dataset.drawn = "1";
    } catch (e) {
      box.replaceChildren(parley.el("p", { class: "muted" }, "Could not load the chart: " + e.message));
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
