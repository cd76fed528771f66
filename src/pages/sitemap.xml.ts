/** The sitemap index, pointing to `sitemap-<n>.xml` files of at most 50,000 URLs each. */
import { paths } from '../site/paths.ts';
import type { APIRoute } from 'astro';
import { getSiteData } from '../site/site-data.ts';
import { siteSitemapChunks, sitemapIndexXml } from '../site/sitemap.ts';

export const GET: APIRoute = ({ site }) => {
  const data = getSiteData();
  const files = siteSitemapChunks(data, paths).map((_, i) => paths.asset(`sitemap-${i + 1}.xml`));
  return new Response(sitemapIndexXml(files, site!, data.builtAt.slice(0, 10)), {
    headers: { 'content-type': 'application/xml; charset=utf-8' },
  });
};
