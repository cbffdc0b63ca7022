// Copy the browser libraries Liaison serves into frontend/static/frontend/vendor (run: npm ci && npm run vendor).
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "..", "static", "frontend", "vendor");

const files = {
  "@picocss/pico/css/pico.min.css": "pico/pico.min.css",
  "@picocss/pico/LICENSE.md": "pico/LICENSE.md",
  "cytoscape/dist/cytoscape.min.js": "cytoscape/cytoscape.min.js",
  "cytoscape/LICENSE": "cytoscape/LICENSE",
};

for (const [source, destination] of Object.entries(files)) {
  const to = join(target, destination);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(join(here, "node_modules", source), to);
  console.log(`vendored ${source} -> frontend/static/frontend/vendor/${destination}`);
}
