// The network drawing: reads the records and links the page passed as JSON, places them in rings around the
// centre (one ring per step away, each record beside the others of its agency or country, no two labels over one
// another), draws them with Cytoscape and opens a record's page when it is selected, by mouse or keyboard. The list
// of links beside it holds the same links for keyboards and screen readers; pointing at (or focusing) a line of
// that list lights up the same link in the drawing.
(function () {
  "use strict";

  const container = document.getElementById("network-canvas");
  const source = document.getElementById("network-data");
  const said = document.getElementById("network-focus");
  if (!container || !source || typeof window.cytoscape !== "function") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const look = window.getComputedStyle(container);

  function fromStyle(name, kind, fallback) {
    return look.getPropertyValue("--" + name + "-" + kind.toLowerCase()).trim() || fallback;
  }

  const KIND_ORDER = ["Officer", "Agency", "Organisation", "Country", "City", "Event", "Topic", "Language",
    "Programme", "Coverage"];
  const elements = [
    ...data.nodes.map((node) => ({
      group: "nodes",
      data: {
        id: node.id,
        label: node.label,
        name: node.name,
        kind: node.kind,
        kindName: node.kind_name,
        url: node.url,
        step: node.step,
        group: node.group || "",
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
    // The keyboard moves the focus, not the page: arrow keys are the drawing's own while it has the focus.
    boxSelectionEnabled: false,
    style: [
      {
        selector: "node",
        style: {
          "background-color": "data(colour)",
          shape: "data(shape)",
          width: 16,
          height: 16,
          label: "data(label)",
          "font-size": 11,
          color: "#1b1b1b",
          "text-valign": "bottom",
          "text-margin-y": 3,
          "text-wrap": "ellipsis",
          "text-max-width": "130px",
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.85,
          "text-background-padding": 1,
          // Labels show at every zoom: the layout keeps them apart, so none needs hiding when zoomed out.
          "min-zoomed-font-size": 0,
        },
      },
      {
        selector: "node.centre",
        style: {
          width: 30,
          height: 30,
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
          "line-color": "#c4c4c4",
          "curve-style": "straight",
          "target-arrow-shape": "triangle",
          "target-arrow-color": "#c4c4c4",
          "arrow-scale": 0.7,
        },
      },
      {
        selector: "edge.lit",
        style: {
          width: 3,
          "line-color": "#1b1b1b",
          "target-arrow-color": "#1b1b1b",
          "z-index": 20,
        },
      },
      { selector: "node.lit", style: { "border-width": 3, "border-color": "#1b1b1b", "z-index": 20 } },
      {
        // The keyboard's focus: a thick dark ring and a halo, seen whatever the record's colour.
        selector: "node.focused",
        style: {
          "border-width": 4,
          "border-color": "#000000",
          "overlay-color": "#000000",
          "overlay-opacity": 0.15,
          "overlay-padding": 6,
          "font-weight": "bold",
          "z-index": 30,
        },
      },
      { selector: ".faded", style: { opacity: 0.2 } },
    ],
  });

  // The container speaks for the drawing (its label, the focused record below it); its canvases are only pixels.
  container.querySelectorAll("canvas").forEach((canvas) => canvas.setAttribute("aria-hidden", "true"));

  // The placing's cost shows in the browser's performance timeline (and bench/RESULTS.md).
  performance.mark("liaison-network-placing");
  // ---- Placing: rings by steps from the centre, groups side by side, then every label kept clear of the others.
  const GAP = 6; // the least room between two labels
  const centre = cy.getElementById(data.centre);
  const boxes = new Map(); // node id -> its label box relative to its position
  cy.nodes().forEach((node) => {
    const box = node.boundingBox({ includeLabels: true, includeOverlays: false });
    const at = node.position();
    boxes.set(node.id(), { x1: box.x1 - at.x, y1: box.y1 - at.y, x2: box.x2 - at.x, y2: box.y2 - at.y });
  });
  const placed = []; // boxes already placed, in model coordinates
  const where = new Map();

  function boxAt(id, x, y) {
    const b = boxes.get(id);
    return { x1: x + b.x1, y1: y + b.y1, x2: x + b.x2, y2: y + b.y2 };
  }

  function clear(box) {
    return placed.every((other) => box.x2 + GAP <= other.x1 || other.x2 + GAP <= box.x1 ||
      box.y2 + GAP <= other.y1 || other.y2 + GAP <= box.y1);
  }

  function put(id, x, y) {
    placed.push(boxAt(id, x, y));
    where.set(id, { x: x, y: y });
  }

  // The nearest free spot to where a record belongs: a little either way along its track, then further out.
  function placeNear(id, angle, radius, slot) {
    for (let out = 0; ; out += 1) {
      const r = radius + out * 12;
      for (const turn of [0, 0.3, -0.3, 0.6, -0.6]) {
        const a = angle + (turn * slot * radius) / r;
        const x = r * Math.cos(a);
        const y = r * Math.sin(a);
        if (clear(boxAt(id, x, y))) {
          put(id, x, y);
          return { angle: a, radius: r };
        }
      }
    }
  }

  function circularMean(angles) {
    const x = angles.reduce((sum, a) => sum + Math.cos(a), 0);
    const y = angles.reduce((sum, a) => sum + Math.sin(a), 0);
    return Math.atan2(y, x);
  }

  function kindRank(node) {
    const rank = KIND_ORDER.indexOf(node.data("kind"));
    return rank < 0 ? KIND_ORDER.length : rank;
  }

  function size(node, side) {
    const b = boxes.get(node.id());
    return side === "w" ? b.x2 - b.x1 : b.y2 - b.y1;
  }

  const angles = new Map();
  put(centre.id(), 0, 0);
  angles.set(centre.id(), -Math.PI / 2);
  const rings = [];
  cy.nodes().forEach((node) => {
    if (node.id() === centre.id()) {
      return;
    }
    const step = node.data("step") || 1;
    (rings[step] = rings[step] || []).push(node);
  });
  let outer = Math.max(size(centre, "w"), size(centre, "h")) / 2;
  rings.forEach((ring, step) => {
    if (!ring) {
      return;
    }
    // A record's place on its ring follows the records of the ring before that it is linked to; within that,
    // records of one kind, then of one agency or country, sit side by side.
    const belongs = new Map();
    ring.forEach((node) => {
      const before = node.neighborhood("node").filter((n) => angles.has(n.id()) && n.data("step") < step);
      const towards = before.map((n) => angles.get(n.id()));
      belongs.set(node.id(), step === 1 || towards.length === 0 ? 0 : circularMean(towards));
    });
    const turnOf = (node) => (belongs.get(node.id()) - Math.PI / 2 + 4 * Math.PI) % (2 * Math.PI);
    ring.sort((a, b) => (step === 1 ? 0 : turnOf(a) - turnOf(b)) || kindRank(a) - kindRank(b) ||
      a.data("group").localeCompare(b.data("group")) || a.data("label").localeCompare(b.data("label")));
    // A crowded ring is several tracks close together, its records dealt to them in turn, so the whole network
    // stays small enough to read at once; the records that still collide step outwards until they are clear.
    const wide = ring.reduce((sum, node) => sum + size(node, "w") + GAP, 0) / ring.length;
    const high = Math.max(...ring.map((node) => size(node, "h"))) + GAP;
    const radius = outer + Math.max(high * 1.5, 70);
    const tracks = Math.max(1, Math.ceil((ring.length * wide) / (2 * Math.PI * radius * 1.2)));
    const slot = (2 * Math.PI) / ring.length;
    const start = step === 1 ? -Math.PI / 2 : belongs.get(ring[0].id());
    ring.forEach((node, index) => {
      const track = tracks > 1 ? index % tracks : 0;
      const spot = placeNear(node.id(), start + index * slot, radius + track * high, slot);
      angles.set(node.id(), spot.angle);
      outer = Math.max(outer, spot.radius + high / 2);
    });
  });
  cy.nodes().positions((node) => where.get(node.id()));
  performance.measure("liaison-network-placing", "liaison-network-placing");

  // The whole network in view when its labels stay readable; else the centre in the middle at a readable size.
  const READABLE = 0.7;
  cy.fit(undefined, 24);
  if (cy.zoom() < READABLE) {
    cy.zoom(READABLE);
    cy.center(centre);
  }
  container.dataset.state = "drawn";

  // ---- Lighting links up, from the drawing and from the list.
  function light(shown) {
    cy.elements().addClass("faded");
    shown.removeClass("faded").addClass("lit");
  }

  function unlight() {
    cy.elements().removeClass("faded lit");
  }

  function open(node) {
    const url = node.data("url");
    if (url) {
      window.location.assign(url);
    }
  }

  cy.on("tap", "node", (event) => open(event.target));
  cy.on("mouseover", "node", (event) => {
    container.style.cursor = event.target.data("url") ? "pointer" : "default";
    light(event.target.closedNeighborhood());
    container.title = event.target.data("name");
  });
  cy.on("mouseout", "node", () => {
    container.style.cursor = "default";
    container.removeAttribute("title");
    unlight();
  });

  // ---- The keyboard: the drawing takes the focus, arrow keys move it to the nearest record that way.
  let focused = null;

  function focusOn(node) {
    if (focused) {
      focused.removeClass("focused");
    }
    focused = node;
    node.addClass("focused");
    unlight();
    light(node.closedNeighborhood());
    const at = node.renderedPosition();
    if (at.x < 20 || at.y < 20 || at.x > cy.width() - 20 || at.y > cy.height() - 20) {
      cy.center(node);
    }
    if (said) {
      said.textContent = node.data("kindName") + ": " + node.data("name") + (node.data("url") ? " ↵" : "");
    }
  }

  const DIRECTIONS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };

  function nextFrom(node, direction) {
    const from = node.position();
    let best = null;
    let bestScore = Infinity;
    cy.nodes().forEach((other) => {
      if (other === node) {
        return;
      }
      const dx = other.position("x") - from.x;
      const dy = other.position("y") - from.y;
      const along = dx * direction[0] + dy * direction[1];
      if (along <= 0) {
        return;
      }
      const across = Math.abs(dx * direction[1] - dy * direction[0]);
      const score = along + 2 * across; // straight ahead counts more than off to one side
      if (score < bestScore) {
        bestScore = score;
        best = other;
      }
    });
    return best;
  }

  container.addEventListener("focus", () => focusOn(focused || centre));
  container.addEventListener("blur", () => {
    if (focused) {
      focused.removeClass("focused");
    }
    unlight();
  });
  container.addEventListener("keydown", (event) => {
    const here = focused || centre;
    if (DIRECTIONS[event.key]) {
      const next = nextFrom(here, DIRECTIONS[event.key]);
      if (next) {
        focusOn(next);
      }
      event.preventDefault();
    } else if (event.key === "Home") {
      focusOn(centre);
      event.preventDefault();
    } else if (event.key === "Enter") {
      open(here);
      event.preventDefault();
    }
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
