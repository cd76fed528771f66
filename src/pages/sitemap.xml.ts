/** The sitemap index, pointing to `/sitemap-<n>.xml` files of at most 50,000 URLs each. */
import type { APIRoute } from 'astro';
import { getSiteData } from '../lib/site-data.ts';
import { sitemapChunks, sitemapIndexXml, sitemapPaths } from '../lib/sitemap.ts';
import { COMMUNE_PAGE_SIZE, territoryTree } from '../lib/territory-view.ts';

export const GET: APIRoute = ({ site }) => {
  const { venues, reference, builtAt } = getSiteData();
  const chunks = sitemapChunks(sitemapPaths(venues, territoryTree(venues, reference), COMMUNE_PAGE_SIZE));
  const files = chunks.map((_, i) => `/sitemap-${i + 1}.xml`);
  return new Response(sitemapIndexXml(files, site!, builtAt.slice(0, 10)), {
    headers: { 'content-type': 'application/xml; charset=utf-8' },
  });
};
