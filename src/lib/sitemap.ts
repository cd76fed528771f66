/**
 * The sitemap: every page a search engine should index, split in files of at most 50,000 URLs
 * (the protocol's limit) listed by a sitemap index.
 */
import { communePath, departementPath, type TerritoryTree } from './territory-view.ts';
import type { Venue } from './types.ts';

export const URLS_PER_SITEMAP = 50_000;

/** Site-relative paths of the indexable pages; `communePageSize` matches the commune pages' pagination. */
export function sitemapPaths(venues: readonly Venue[], tree: TerritoryTree, communePageSize: number): string[] {
  const paths = ['/', '/couverture/', '/territoires/', '/a-propos/'];
  for (const entry of tree.departements.values()) {
    paths.push(departementPath(entry.departement.code));
    for (const commune of entry.communes) {
      const base = communePath(entry.departement.code, commune.slug);
      paths.push(base);
      const pages = Math.ceil(commune.venues.length / communePageSize);
      for (let page = 2; page <= pages; page++) paths.push(`${base}${page}/`);
    }
  }
  for (const venue of venues) paths.push(`/lieux/${venue.slug}/`);
  return paths;
}

export function sitemapChunks(paths: readonly string[], size = URLS_PER_SITEMAP): string[][] {
  const chunks: string[][] = [];
  for (let i = 0; i < paths.length; i += size) chunks.push(paths.slice(i, i + size));
  return chunks;
}

function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function urlsetXml(paths: readonly string[], site: URL, lastmod: string): string {
  const urls = paths.map(
    (p) => `<url><loc>${escapeXml(new URL(p, site).href)}</loc><lastmod>${escapeXml(lastmod)}</lastmod></url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

export function sitemapIndexXml(files: readonly string[], site: URL, lastmod: string): string {
  const entries = files.map(
    (f) => `<sitemap><loc>${escapeXml(new URL(f, site).href)}</loc><lastmod>${escapeXml(lastmod)}</lastmod></sitemap>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</sitemapindex>\n`;
}
