// Each text asset also as .br and .gz, made once at build time at the strongest settings: the host serves the one the
// browser accepts (a phone on a slow line gets the smallest), and no request pays for compressing.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const folder = 'dist/assets';
const worthIt = /\.(js|css|svg|json|txt)$/;
let before = 0;
let after = 0;
for (const name of readdirSync(folder)) {
  if (!worthIt.test(name)) continue;
  const file = join(folder, name);
  const content = readFileSync(file);
  if (content.length < 1024) continue;
  const br = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } });
  writeFileSync(`${file}.br`, br);
  writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
  before += content.length;
  after += br.length;
}
console.log(`Assets precompressed: ${(before / 1024).toFixed(0)} KB, ${(after / 1024).toFixed(0)} KB as Brotli.`);
