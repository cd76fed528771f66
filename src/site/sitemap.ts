/**
 * The sitemap: every page a search engine should index, split in files of at most 50,000 URLs
 * (the protocol's limit) listed by a sitemap index.
 */
import type { Coverage } from '../coverage/compute.ts';
import { COMMUNE_PAGE_SIZE, territoryTree, type TerritoryTree } from './territory-view.ts';
import type { SitePaths } from '../common/site-paths.ts';
import type { ReferenceData, Venue } from '../pipeline/types.ts';

export const URLS_PER_SITEMAP = 50_000;

/**
 * Paths of the indexable pages (under the site's base path); `communePageSize` matches the commune pages'
 * pagination, `townSlugs` are the coverage pages of mid-sized towns.
 */
export function sitemapPaths(
  venues: readonly Venue[],
  tree: TerritoryTree,
  communePageSize: number,
  townSlugs: readonly string[],
  site: SitePaths,
): string[] {
  const paths = [site.home(), site.coverage(), site.territories(), site.about(), site.embedDoc()];
  for (const slug of townSlugs) paths.push(site.town(slug));
  for (const entry of tree.departements.values()) {
    paths.push(site.departement(entry.departement.code));
    for (const commune of entry.communes) {
      const base = site.commune(entry.departement.code, commune.slug);
      paths.push(base);
      const pages = Math.ceil(commune.venues.length / communePageSize);
      for (let page = 2; page <= pages; page++) paths.push(`${base}${page}/`);
    }
  }
  for (const venue of venues) paths.push(site.venue(venue.slug));
  return paths;
}

export function sitemapChunks(paths: readonly string[], size = URLS_PER_SITEMAP): string[][] {
  const chunks: string[][] = [];
  for (let i = 0; i < paths.length; i += size) chunks.push(paths.slice(i, i + size));
  return chunks;
}

/** The site's sitemap files, each a list of paths, from the data the pages are built from. */
export function siteSitemapChunks(
  data: { venues: readonly Venue[]; reference: ReferenceData; coverage: Pick<Coverage, 'midSizedTowns'> },
  site: SitePaths,
): string[][] {
  const tree = territoryTree(data.venues, data.reference);
  const townSlugs = data.coverage.midSizedTowns.map((town) => town.slug);
  return sitemapChunks(sitemapPaths(data.venues, tree, COMMUNE_PAGE_SIZE, townSlugs, site));
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
