import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJsonArrayAtomic } from '../src/io/files.ts';

describe('writeJsonArrayAtomic', () => {
  it('writes the same JSON as JSON.stringify, across chunk boundaries, and leaves no temporary file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'json-array-'));
    for (const count of [0, 1, 999, 1000, 2501]) {
      const items = Array.from({ length: count }, (_, i) => ({ i, nom: `Lieu « ${i} »`, tags: i % 2 ? ['a'] : [] }));
      const file = path.join(dir, `items-${count}.json`);
      writeJsonArrayAtomic(file, items);
      expect(readFileSync(file, 'utf8')).toBe(JSON.stringify(items));
    }
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
