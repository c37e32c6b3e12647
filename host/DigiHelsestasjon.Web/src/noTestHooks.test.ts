import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// No test hooks in production code: a test finds what a user (and a screen reader) finds — a role and its name, a
// label, a text — never a data-testid or a design-system testId prop.
const root = __dirname;
const hook = /data-testid|\btestId\s*=/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    if (!/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name) || entry.name === 'test-setup.ts') return [];
    return [path];
  });
}

describe('production code', () => {
  it('has no test hooks (data-testid, testId=)', () => {
    const files = sources(root);
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (hook.test(line) ? [`${relative(root, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found, `test hooks in production code:\n${found.join('\n')}`).toEqual([]);
  });
});
