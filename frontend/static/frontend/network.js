// The network drawing: reads the records and links the page passed as JSON, draws them with Cytoscape, and opens
// a record's page when it is selected. The list of links beside it holds the same links for keyboards and
// screen readers; pointing at (or focusing) a line of that list lights up the same link in the drawing.
(function () {
  "use strict";

  const container = document.getElementById("network-canvas");
  const source = document.getElementById("network-data");
  if (!container || !source || typeof window.cytoscape !== "function") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const look = window.getComputedStyle(container);

  function fromStyle(name, kind, fallback) {
    return look.getPropertyValue("--" + name + "-" + kind.toLowerCase()).trim() || fallback;
  }

  const elements = [
    ...data.nodes.map((node) => ({
      group: "nodes",
      data: {
        id: node.id,
        label: node.label,
        url: node.url,
        colour: fromStyle("kind", node.kind, "#888888"),
        shape: fromStyle("shape", node.kind, "ellipse"),
      },
      classes: node.id === data.centre ? "centre" : "",
    })),
    ...data.edges.map((edge, index) => ({
      group: "edges",
      data: { id: "link-" + index, source: edge.source, target: edge.target, type: edge.type, label: edge.label },
    })),
  ];

  const cy = window.cytoscape({
    container: container,
    elements: elements,
    layout: { name: "preset" },
    minZoom: 0.2,
    maxZoom: 3,
    style: [
      {
        selector: "node",
        style: {
          "background-color": "data(colour)",
          shape: "data(shape)",
          width: 18,
          height: 18,
          label: "data(label)",
          "font-size": 10,
          color: "#1b1b1b",
          "text-valign": "bottom",
          "text-margin-y": 3,
          "text-wrap": "ellipsis",
          "text-max-width": "120px",
          "text-outline-color": "#ffffff",
          "text-outline-width": 2,
          "min-zoomed-font-size": 6,
        },
      },
      {
        selector: "node.centre",
        style: {
          width: 34,
          height: 34,
          "border-width": 4,
          "border-color": "#1b1b1b",
          "font-size": 13,
          "font-weight": "bold",
          "z-index": 10,
        },
      },
      {
        selector: "edge",
        style: {
          width: 1.2,
          "line-color": "#b5b5b5",
          "curve-style": "bezier",
          "target-arrow-shape": "triangle",
          "target-arrow-color": "#b5b5b5",
          "arrow-scale": 0.7,
        },
      },
      {
        selector: "edge.lit",
        style: {
          width: 3,
          "line-color": "#1b1b1b",
          "target-arrow-color": "#1b1b1b",
          label: "data(label)",
          "font-size": 10,
          "text-rotation": "autorotate",
          "text-background-color": "#ffffff",
          "text-background-opacity": 1,
          "z-index": 20,
        },
      },
      { selector: "node.lit", style: { "border-width": 3, "border-color": "#1b1b1b", "z-index": 20 } },
      { selector: ".faded", style: { opacity: 0.2 } },
    ],
  });

  // Rings around the centre, one per step away: a clear star for direct links, and a tidy start for the wider
  // view, which a force-directed pass then groups by what connects them (same data, same picture every time).
  const centre = cy.getElementById(data.centre);
  const steps = {};
  if (centre.nonempty()) {
    cy.elements().bfs({
      roots: centre,
      directed: false,
      visit: (node, edge, previous, index, depth) => {
        steps[node.id()] = depth;
      },
    });
  }
  const placing = { animate: false, fit: true, padding: 30 };
  const rings = cy.layout({
    ...placing,
    name: "concentric",
    concentric: (node) => 3 - (steps[node.id()] ?? 2),
    levelWidth: () => 1,
    minNodeSpacing: 44,
  });
  const wide = data.depth === 1 ? null : cy.layout({
    ...placing,
    name: "cose",
    randomize: false,
    nodeDimensionsIncludeLabels: true,
    nodeOverlap: 20,
    nodeRepulsion: () => 12000,
    idealEdgeLength: () => 80,
  });
  (wide || rings).one("layoutstop", () => {
    container.dataset.state = "drawn";
  });
  rings.run();
  if (wide) {
    wide.run();
  }

  function light(shown) {
    cy.elements().addClass("faded");
    shown.removeClass("faded").addClass("lit");
  }

  function unlight() {
    cy.elements().removeClass("faded lit");
  }

  cy.on("tap", "node", (event) => {
    const url = event.target.data("url");
    if (url) {
      window.location.assign(url);
    }
  });
  cy.on("mouseover", "node", (event) => {
    container.style.cursor = event.target.data("url") ? "pointer" : "default";
    light(event.target.closedNeighborhood());
  });
  cy.on("mouseout", "node", () => {
    container.style.cursor = "default";
    unlight();
  });

  // A line of the list, pointed at or focused, lights up its link in the drawing.
  const list = document.querySelector(".network-links");
  function fromList(event) {
    const line = event.target.closest && event.target.closest("li[data-source]");
    document.querySelectorAll(".link-list li.is-lit").forEach((lit) => lit.classList.remove("is-lit"));
    unlight();
    if (!line) {
      return;
    }
    line.classList.add("is-lit");
    const { source: from, target: to, type } = line.dataset;
    const edge = cy.edges().filter((link) => {
      return link.data("source") === from && link.data("target") === to && link.data("type") === type;
    });
    light(edge.union(edge.connectedNodes()));
  }
  if (list) {
    list.addEventListener("mouseover", fromList);
    list.addEventListener("focusin", fromList);
    list.addEventListener("mouseleave", fromList);
  }

  // Reachable from the browser tests and the console, without a global name.
  container.cytoscape = cy;
})();
