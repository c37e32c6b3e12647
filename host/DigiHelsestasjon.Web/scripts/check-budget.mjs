// The budget of the issue: a citizen page loads at most 250 KB of gzipped JavaScript on first load (the entry and the
// citizen pages' chunk with everything they import statically; lazily loaded pages are not counted).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const budgetKb = 250;
const manifest = JSON.parse(readFileSync('dist/.vite/manifest.json', 'utf8'));
const seen = new Set();
function staticClosure(key) {
  if (seen.has(key)) return 0;
  seen.add(key);
  const chunk = manifest[key];
  let bytes = chunk.file.endsWith('.js') ? gzipSync(readFileSync(`dist/${chunk.file}`)).length : 0;
  for (const imported of chunk.imports ?? []) bytes += staticClosure(imported);
  return bytes;
}

const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
const citizen = Object.keys(manifest).find((k) => k.includes('pages/citizen/CitizenArea'));
const total = staticClosure(entry) + (citizen ? staticClosure(citizen) : 0);
const kb = (total / 1024).toFixed(1);
console.log(`First load of the citizen pages: ${kb} KB of gzipped JavaScript (budget ${budgetKb} KB).`);
if (total > budgetKb * 1024) {
  console.error(`Over budget: ${kb} KB > ${budgetKb} KB. Load the heavy part lazily, or drop it.`);
  process.exit(1);
}
