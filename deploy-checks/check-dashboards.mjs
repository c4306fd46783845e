// Type-checks Grafana dashboards against Grafana's own schema (@grafana/schema): each JSON file is
// wrapped as a typed `Dashboard` literal and compiled with `tsc --strict --noEmit`, so unknown keys,
// a missing schemaVersion and wrong types fail.
// Usage: node check-dashboards.mjs <work-dir under this folder> <dashboard.json>...
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { typeCheck } from './lib/typed-literals.mjs';

const [work, ...files] = process.argv.slice(2);
if (!work || files.length === 0) {
  console.error('usage: node check-dashboards.mjs <work-dir> <dashboard.json>...');
  process.exit(2);
}
const status = typeCheck(work, files.map((file) => ({
  name: basename(file, '.json'), source: resolve(file), module: '@grafana/schema', type: 'Dashboard',
  value: JSON.parse(readFileSync(file, 'utf8')), // a JSON syntax error fails here, with the file
})));
if (status === 0) console.log(`${files.length} dashboard(s) type-check as @grafana/schema Dashboard`);
process.exit(status);
