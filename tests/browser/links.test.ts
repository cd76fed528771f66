/**
 * One URL vocabulary: every internal link of the built site that carries a query string to the
 * finder (home page or embedded map) uses only parameters the finder reads, with values it
 * understands — a link the finder would silently ignore (`?departement=03` for `dep=`) fails here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { URL_PARAMETERS, parseState, serializeState } from '../../src/common/url-state.ts';
import { sitePaths } from '../../src/common/site-paths.ts';
import { DIST, ensureSiteBuilt } from './site-build.ts';

const LINK = /\b(?:href|src)="([^"]*\?[^"]*)"/g;

function decodeEntities(value: string): string {
  return value.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
}

/** Every internal link with a query string, with the pages holding it (one example page each). */
function crawl(): Map<string, string> {
  const links = new Map<string, string>();
  for (const entry of readdirSync(DIST, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const html = readFileSync(file, 'utf8');
    for (const match of html.matchAll(LINK)) {
      const href = decodeEntities(match[1]!);
      if (!href.startsWith('/') || href.startsWith('//')) continue;
      if (!links.has(href)) links.set(href, path.relative(DIST, file));
    }
  }
  return links;
}

describe('internal links with a query string', () => {
  let links: Map<string, string>;
  beforeAll(async () => {
    await ensureSiteBuilt();
    links = crawl();
  });

  it('give the finder only parameters it reads, with values it keeps', () => {
    const base = new URL('http://site.invalid/');
    const paths = sitePaths('/');
    const finders = new Set([new URL(paths.home(), base).pathname, new URL(paths.embedMap(), base).pathname]);
    const problems: string[] = [];
    let checked = 0;
    for (const [href, page] of links) {
      const url = new URL(href, base);
      if (!finders.has(url.pathname)) continue;
      checked++;
      const kept = new URLSearchParams(serializeState(parseState(url.search)));
      for (const [name, value] of url.searchParams) {
        if (!URL_PARAMETERS.includes(name)) problems.push(`${page}: ${href} — paramètre inconnu « ${name} »`);
        else if (kept.get(name) !== value) problems.push(`${page}: ${href} — valeur ignorée « ${name}=${value} »`);
      }
    }
    expect(problems).toEqual([]);
    // Every département and commune page links to the finder: the crawl found them.
    expect(checked).toBeGreaterThan(100);
    expect([...links.keys()].some((href) => /[?&]dep=/.test(href))).toBe(true);
    expect([...links.keys()].some((href) => /[?&]commune=/.test(href))).toBe(true);
  });

  it('would catch a parameter the finder does not read (the check is not vacuous)', () => {
    const state = parseState('?departement=03');
    expect(serializeState(state)).toBe('');
    expect(URL_PARAMETERS.includes('departement')).toBe(false);
  });
});
