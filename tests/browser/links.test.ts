/**
 * One URL vocabulary: every internal link of the built site that carries a query string to the
 * finder (home page or embedded map) or to the coverage page uses only parameters that page
 * reads, with values it understands — a link the finder would silently ignore (`?departement=03`
 * for `dep=`) fails here, as would `/couverture/?region=ARA`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  COVERAGE_PARAMETERS,
  FINDER_PARAMETERS,
  URL_PARAMETERS,
  parseCoverageState,
  parseState,
  serializeCoverageState,
  serializeState,
} from '../../src/common/url-state.ts';
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

  const base = new URL('http://site.invalid/');
  const paths = sitePaths('/');

  /** Problems of the links to the pages at `pathnames`: parameters they do not read, values they drop. */
  function problemsOfLinksTo(pathnames: string[], parameters: readonly string[], kept: (search: string) => string): { checked: number; problems: string[] } {
    const targets = new Set(pathnames.map((pathname) => new URL(pathname, base).pathname));
    const problems: string[] = [];
    let checked = 0;
    for (const [href, page] of links) {
      const url = new URL(href, base);
      if (!targets.has(url.pathname)) continue;
      checked++;
      const keptParams = new URLSearchParams(kept(url.search));
      for (const [name, value] of url.searchParams) {
        if (!parameters.includes(name)) problems.push(`${page}: ${href} — paramètre inconnu « ${name} »`);
        else if (keptParams.get(name) !== value) problems.push(`${page}: ${href} — valeur ignorée « ${name}=${value} »`);
      }
    }
    return { checked, problems };
  }

  it('give the finder only parameters it reads, with values it keeps', () => {
    const { checked, problems } = problemsOfLinksTo([paths.home(), paths.embedMap()], FINDER_PARAMETERS, (search) => serializeState(parseState(search)));
    expect(problems).toEqual([]);
    // Every département and commune page links to the finder: the crawl found them.
    expect(checked).toBeGreaterThan(100);
    expect([...links.keys()].some((href) => /[?&]dep=/.test(href))).toBe(true);
    expect([...links.keys()].some((href) => /[?&]commune=/.test(href))).toBe(true);
  });

  it('give the coverage page only parameters it reads, with values it keeps', () => {
    const { checked, problems } = problemsOfLinksTo([paths.coverage()], COVERAGE_PARAMETERS, (search) => serializeCoverageState(parseCoverageState(search)));
    expect(problems).toEqual([]);
    // Each mid-sized town's page links to the towns of its région.
    expect(checked).toBeGreaterThan(0);
    expect([...links.keys()].some((href) => /\/couverture\/\?region=\d+/.test(href))).toBe(true);
  });

  it('would catch a parameter a page does not read (the check is not vacuous)', () => {
    const state = parseState('?departement=03');
    expect(serializeState(state)).toBe('');
    expect(URL_PARAMETERS.includes('departement')).toBe(false);
    expect(FINDER_PARAMETERS.includes('region')).toBe(false);
    expect(serializeCoverageState(parseCoverageState('?region=ARA'))).toBe('');
  });
});
