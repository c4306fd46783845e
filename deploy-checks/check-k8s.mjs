// Validates rendered Kubernetes manifests (`kubectl kustomize` output) against the Kubernetes API
// types of npm kubernetes-models, twice: its runtime schema validation (required fields, formats,
// enums) and its TypeScript types under `tsc --strict` (unknown fields, i.e. typos, and wrong types;
// the runtime schemas allow unknown fields, the API server's strict decoding does not).
// Usage: node check-k8s.mjs <work-dir under this folder> <manifests.yaml>...
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { typeCheck } from './lib/typed-literals.mjs';

const [work, ...files] = process.argv.slice(2);
if (!work || files.length === 0) {
  console.error('usage: node check-k8s.mjs <work-dir> <manifests.yaml>...');
  process.exit(2);
}
const problems = [];
const typed = [];
for (const file of files) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (doc.errors.length > 0) {
      problems.push(`${file}: YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
      continue;
    }
    const obj = doc.toJS();
    if (obj == null) continue;
    const where = `${file}: ${obj.kind ?? '?'} ${obj.metadata?.name ?? '?'}`;
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
      problems.push(`${where}: no apiVersion or kind`);
      continue;
    }
    let models;
    try {
      models = await import(`kubernetes-models/${obj.apiVersion}`);
    } catch {
      problems.push(`${where}: unknown apiVersion ${obj.apiVersion}`);
      continue;
    }
    if (typeof models[obj.kind] !== 'function') {
      problems.push(`${where}: unknown kind ${obj.kind} in ${obj.apiVersion}`);
      continue;
    }
    const checked = structuredClone(obj);
    if (checked.kind === 'Secret' && checked.data) {
      // kubectl wraps long base64 values; the API server's decoder skips the line breaks
      for (const k of Object.keys(checked.data)) checked.data[k] = String(checked.data[k]).replace(/\s+/g, '');
    }
    try {
      new models[obj.kind](checked).validate();
    } catch (e) {
      const details = (e.errors ?? []).map((x) => `${x.instancePath || '/'} ${x.message}`);
      problems.push(`${where}: ${details.length ? details.join('; ') : e.message}`);
    }
    typed.push({ name: `${obj.kind}-${obj.metadata?.name}`, source: where, module: `kubernetes-models/${obj.apiVersion}`,
      type: `I${obj.kind}`, value: checked });
  }
}
for (const p of problems) console.error(p);
const status = typed.length > 0 ? typeCheck(work, typed) : 1;
if (problems.length > 0 || status !== 0) {
  console.error(`invalid: ${problems.length} object(s) failed schema validation${status !== 0 ? ', and the type check failed' : ''}`);
  process.exit(1);
}
console.log(`${typed.length} object(s) valid against the Kubernetes API types`);
