import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nb } from './nb';
import { nn } from './nn';

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name: string) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.tsx') ? [path] : [];
  });
}

describe('Given the bokmål and nynorsk texts', () => {
  it('When a key is in one language Then it is in the other, with the same placeholders', () => {
    expect(Object.keys(nn).sort()).toEqual(Object.keys(nb).sort());
    for (const key of Object.keys(nb) as (keyof typeof nb)[]) {
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders(nn[key]), key).toEqual(placeholders(nb[key]));
      expect(nn[key].trim(), key).not.toBe('');
    }
  });

  it('When a page asks for a text Then the key exists', () => {
    const used = sources(join(dirname(fileURLToPath(import.meta.url)), '..')).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z]+)'/g)].map((m) => m[1]));
    const missing = [...new Set(used)].filter((key) => !(key in nb));
    expect(missing).toEqual([]);
  });
});
