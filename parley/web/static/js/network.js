// Actor network with the vendored vis-network: nodes are actors, boxes are multilateral formats.
"use strict";
(function () {
  // Goldstein -10..10 to red..grey..green.
  function goldsteinColor(g) {
    if (g === null || g === undefined) return "#999999";
    const t = Math.max(-1, Math.min(1, g / 10));
    const grey = [150, 150, 150], red = [178, 24, 43], green = [27, 120, 55];
    const to = t < 0 ? red : green, k = Math.abs(t);
    const c = grey.map((v, i) => Math.round(v + (to[i] - v) * k));
    return `rgb(${c[0]},${c[1]},${c[2]})`;
  }

  function build(data) {
    const nodes = data.nodes.map((n) => ({
      id: "a:" + n.code, label: n.code, title: `${n.name || n.code}: ${n.events} event${n.events === 1 ? "" : "s"}`,
      value: n.events, shape: "dot", color: { background: "#cfe3ff", border: "#1f5fa8" },
    }));
    const edges = data.edges.map((e) => ({
      from: "a:" + e.a, to: "a:" + e.b, value: e.events, dyad: [e.a, e.b],
      title: `${e.a} ↔ ${e.b}: ${e.events} events, mean Goldstein ${e.mean_goldstein === null ? "–" : e.mean_goldstein.toFixed(1)}`,
      color: { color: goldsteinColor(e.mean_goldstein), highlight: "#000" },
    }));
    data.groups.forEach((g, i) => {
      const id = "g:" + i;
      nodes.push({ id, label: `${g.label}\n${g.events} event${g.events === 1 ? "" : "s"}`, shape: "box", title: g.members.join(", "),
        color: { background: "#fff4d6", border: "#b08900" }, font: { size: 12 } });
      g.members.forEach((m) => edges.push({ from: id, to: "a:" + m, dashes: true, color: { color: "#b08900" }, width: 1 }));
    });
    return { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) };
  }

  document.addEventListener("DOMContentLoaded", async () => {
    const box = document.getElementById("network");
    const status = document.getElementById("network-status");
    if (!box) return;
    try {
      const data = await parley.getJSON(box.dataset.src);
      if (!data.nodes.length) { status.textContent = "No events match these filters."; box.style.height = "60px"; return; }
      const net = new vis.Network(box, build(data), {
        physics: { stabilization: { iterations: 300 }, barnesHut: { springLength: 140 } },
        nodes: { scaling: { min: 8, max: 40, label: { enabled: true, min: 12, max: 22 } } },
        edges: { scaling: { min: 1, max: 10 }, smooth: false },
        interaction: { hover: true },
      });
      net.once("stabilizationIterationsDone", () => { net.setOptions({ physics: false }); box.dataset.drawn = "1"; });
      net.on("click", (p) => {
        if (p.edges.length === 1 && !p.nodes.length) {
          const e = net.body.data.edges.get(p.edges[0]);
          if (e.dyad) window.location = "/dyad?a=" + encodeURIComponent(e.dyad[0]) + "&b=" + encodeURIComponent(e.dyad[1]);
        }
      });
      status.textContent = `${data.nodes.length} actors, ${data.edges.length} dyads, ${data.groups.length} multilateral formats` +
        (data.truncated ? " (largest shown)" : "");
    } catch (e) {
      status.textContent = "Could not load the network: " + e.message;
    }
  });
})();
