// Pre-project Central Asia and its neighbours into frontend/map/region.json (run: npm run map).
// The coverage map is drawn on the server from this file, so the browser needs no map library at all.
// Source: Natural Earth 1:50m admin-0 countries, as packaged by world-atlas (public domain).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { geoConicEqualArea, geoPath } from "d3-geo";
import { feature } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "..", "map", "region.json");
const atlas = JSON.parse(readFileSync(join(here, "node_modules", "world-atlas", "countries-50m.json"), "utf8"));
const version = JSON.parse(readFileSync(join(here, "node_modules", "world-atlas", "package.json"), "utf8")).version;

const WIDTH = 960;
const HEIGHT = 640;
const MARGIN = 24;
// One unit of the view box is about 4 km here: whole units keep the file small and the borders legible.
const PRECISION = 1;

// world-atlas names countries by ISO 3166-1 numeric code; the directory uses alpha-2.
const ALPHA2 = {
  "004": "AF", "031": "AZ", "048": "BH", "050": "BD", "051": "AM", "064": "BT", "104": "MM", "156": "CN",
  "268": "GE", "356": "IN", "364": "IR", "368": "IQ", "398": "KZ", "400": "JO", "414": "KW", "417": "KG",
  "496": "MN", "512": "OM", "524": "NP", "586": "PK", "634": "QA", "643": "RU", "682": "SA", "760": "SY",
  "762": "TJ", "784": "AE", "792": "TR", "795": "TM", "804": "UA", "860": "UZ",
};

// The map is framed on the programme's countries and their southern neighbours; Russia and China run off it.
const FRAME = ["KZ", "KG", "TJ", "UZ", "TM", "AF"];

// Where a name sits better than at the centre of what is visible (longitude, latitude).
const LABEL_AT = { RU: [62, 55.3], CN: [84, 38.5], IN: [76, 31], MN: [91, 47.5], PK: [69.3, 30.4] };

const countries = feature(atlas, atlas.objects.countries).features;
const byCode = new Map(countries.filter((f) => ALPHA2[f.id]).map((f) => [ALPHA2[f.id], f]));
const framed = { type: "FeatureCollection", features: FRAME.map((code) => byCode.get(code)) };

const projection = geoConicEqualArea()
  .parallels([38, 50])
  .rotate([-66, 0])
  .fitExtent(
    [
      [MARGIN, MARGIN],
      [WIDTH - MARGIN, HEIGHT - MARGIN],
    ],
    framed,
  )
  .clipExtent([
    [0, 0],
    [WIDTH, HEIGHT],
  ]);

/** Two numbers of a path, with the space left out before a minus sign (SVG reads "5-1" as 5 and -1). */
const pair = (dx, dy) => `${dx}${dy < 0 ? "" : " "}${dy}`;

/** An SVG path context writing relative, rounded commands and dropping points that round onto the last one. */
function compactPath() {
  const round = (v) => Math.round(v / PRECISION) * PRECISION;
  const rings = [];
  let ring = [];
  // The current point as SVG sees it: after "z" it is back at the ring's first point.
  let [x, y] = [0, 0];
  let before = [0, 0];
  let first = [0, 0];
  return {
    moveTo(px, py) {
      const [rx, ry] = [round(px), round(py)];
      ring = [`m${pair(rx - x, ry - y)}`];
      [before, first, x, y] = [[x, y], [rx, ry], rx, ry];
    },
    lineTo(px, py) {
      const [rx, ry] = [round(px), round(py)];
      if (rx === x && ry === y) return;
      // After the first "l" of a ring the command is implied: only the numbers follow.
      const step = pair(rx - x, ry - y);
      ring.push(ring.length === 1 ? `l${step}` : `${rx - x < 0 ? "" : " "}${step}`);
      [x, y] = [rx, ry];
    },
    closePath() {
      if (ring.length < 3) {
        // A ring rounded down to a point or a line (a tiny island) is dropped, and the point goes back.
        [x, y] = before;
      } else {
        rings.push(`${ring.join("")}z`);
        [x, y] = first;
      }
    },
    arc() {},
    result() {
      // A leading relative moveto is absolute in SVG; write it as such for whoever reads the file.
      return rings.join("").replace(/^m/, "M");
    },
  };
}

/** The feature's outline in view-box units, or "" when none of it is on the map. */
function outline(f) {
  const context = compactPath();
  geoPath(projection, context)(f);
  return context.result();
}

const region = {
  source: `Natural Earth 1:50m admin-0 countries, via world-atlas ${version} (countries-50m.json)`,
  projection: "d3-geo conic equal-area, standard parallels 38°N and 50°N, central meridian 66°E",
  viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
  width: WIDTH,
  height: HEIGHT,
  countries: {},
  others: [],
};

const unknown = [];
for (const f of countries) {
  const path = outline(f);
  if (!path.includes("l")) continue;
  const code = ALPHA2[f.id];
  if (!code && f.id !== undefined) {
    unknown.push(`${f.id} ${f.properties.name}`);
    continue;
  }
  if (!code) {
    // A disputed area Natural Earth gives no ISO code (the Siachen Glacier): drawn, named, never coloured.
    region.others.push({ name: f.properties.name, path });
    continue;
  }
  const at = LABEL_AT[code] ? projection(LABEL_AT[code]) : geoPath(projection).centroid(f);
  region.countries[code] = { name: f.properties.name, path, label: at.map(Math.round) };
}
if (unknown.length) {
  throw new Error(`countries in view without an alpha-2 code in ALPHA2: ${unknown.join(", ")}`);
}
region.countries = Object.fromEntries(Object.entries(region.countries).sort(([a], [b]) => a.localeCompare(b)));

const text = `${JSON.stringify(region)}\n`;
writeFileSync(target, text);
console.log(
  `wrote frontend/map/region.json: ${Object.keys(region.countries).join(" ")} (${(text.length / 1024).toFixed(1)} KB)`,
);
