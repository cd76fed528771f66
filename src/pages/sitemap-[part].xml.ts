/** One file of the sitemap (see sitemap.xml.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getSiteData } from '../lib/site-data.ts';
import { sitemapChunks, sitemapPaths, urlsetXml } from '../lib/sitemap.ts';
import { COMMUNE_PAGE_SIZE, territoryTree } from '../lib/territory-view.ts';

export const getStaticPaths = (() => {
  const { venues, reference } = getSiteData();
  const chunks = sitemapChunks(sitemapPaths(venues, territoryTree(venues, reference), COMMUNE_PAGE_SIZE));
  return chunks.map((paths, i) => ({ params: { part: String(i + 1) }, props: { paths } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ paths: string[] }> = ({ props, site }) =>
  new Response(urlsetXml(props.paths, site!, getSiteData().builtAt.slice(0, 10)), {
    headers: { 'content-type': 'application/xml; charset=utf-8' },
  });
