/**
 * The built site's files checked as their consumers check them: a sample of every page kind
 * through the Nu Html Checker (`vnu-jar`, run on the system Java runtime), and the CSV downloads
 * against the standard's Table Schema, as an open-data portal does.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { needsShared, sharedFixture } from '../shared-fixtures.ts';
import { checkAgainstSchema, wholeValueSchema } from '../table-schema.ts';
import { DIST, ROOT, ensureSiteBuilt } from './site-build.ts';

const VNU_JAR = String(createRequire(import.meta.url)('vnu-jar'));
const SCHEMA = sharedFixture('standard-schema.json');

/** Every page route of src/pages as a pattern over built paths (`[slug]` one segment, `[...page]` any number). */
function pageKinds(): Array<{ route: string; pattern: RegExp }> {
  const pagesDir = path.join(ROOT, 'src/pages');
  return (readdirSync(pagesDir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.astro'))
    .map((file) => {
      const route = file.split(path.sep).join('/').replace(/\.astro$/, '');
      if (route === '404') return { route, pattern: /^404\.html$/ };
      const folders = route.split('/').filter((segment) => segment !== 'index');
      const source = folders
        .map((segment) => (/^\[\.\.\..+\]$/.test(segment) ? '(?:.+/)?' : /^\[.+\]$/.test(segment) ? '[^/]+/' : `${segment.replace(/\./g, '\\.')}/`))
        .join('');
      return { route, pattern: new RegExp(`^${source}index\\.html$`) };
    });
}

function builtPages(): string[] {
  return (readdirSync(DIST, { recursive: true }) as string[])
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file.endsWith('.html'))
    .sort();
}

interface VnuMessage {
  type: string;
  subType?: string;
  url: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

beforeAll(async () => {
  await ensureSiteBuilt();
});

describe('HTML of the built pages', () => {
  it('passes the Nu Html Checker on a sample of every page kind', async () => {
    const pages = builtPages();
    const sample: string[] = [];
    const kinds = pageKinds();
    for (const { route, pattern } of kinds) {
      const matching = pages.filter((page) => pattern.test(page));
      expect(matching.length, `built pages of ${route}`).toBeGreaterThan(0);
      sample.push(matching[0]!, matching.at(-1)!);
    }
    const files = [...new Set(sample)].map((page) => path.join(DIST, page));
    const { stderr } = await promisify(execFile)('java', ['-jar', VNU_JAR, '--format', 'json', '--errors-only', ...files], {
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { stderr?: string; code?: number | string; message: string }) => {
      if (error.code === 'ENOENT') throw new Error('No Java runtime: install default-jre-headless (`.ci/run` does) to run the Nu Html Checker.');
      return { stderr: error.stderr ?? error.message };
    });
    const { messages } = JSON.parse(stderr) as { messages: VnuMessage[] };
    const errors = messages
      .filter((message) => message.type === 'error' || message.subType === 'fatal')
      .map((message) => `${path.relative(DIST, new URL(message.url).pathname)}:${message.lastLine ?? '?'} ${message.message} ${message.extract ?? ''}`);
    console.info(`Nu Html Checker: ${files.length} pages of ${kinds.length} kinds (the first and last of each), ${errors.length} errors`);
    expect(errors).toEqual([]);
  });
});

describe("CSV downloads of the built site and the standard's Table Schema", needsShared(SCHEMA), () => {
  it('passes for lieux.csv and every département file, with one row per published venue', async () => {
    const schema = wholeValueSchema(SCHEMA);
    const national = await checkAgainstSchema(readFileSync(path.join(DIST, 'donnees/lieux.csv'), 'utf8'), schema);
    expect(national.errors).toEqual([]);
    const venues = JSON.parse(readFileSync(path.join(DIST, 'donnees/rapport.json'), 'utf8')) as { summary: { published: number } };
    expect(national.rows).toBe(venues.summary.published);
    const departementsDir = path.join(DIST, 'donnees/departements');
    let rows = 0;
    for (const file of readdirSync(departementsDir).filter((name) => name.endsWith('.csv'))) {
      const check = await checkAgainstSchema(readFileSync(path.join(departementsDir, file), 'utf8'), schema);
      expect(check.errors, file).toEqual([]);
      rows += check.rows;
    }
    expect(rows).toBeGreaterThan(national.rows * 0.99);
  });
});
