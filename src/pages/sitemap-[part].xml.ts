/** One file of the sitemap (see sitemap.xml.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getSiteData } from '../site/site-data.ts';
import { paths as sitePaths } from '../site/paths.ts';
import { siteSitemapChunks, urlsetXml } from '../site/sitemap.ts';

export const getStaticPaths = (() =>
  siteSitemapChunks(getSiteData(), sitePaths).map((paths, i) => ({ params: { part: String(i + 1) }, props: { paths } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ paths: string[] }> = ({ props, site }) =>
  new Response(urlsetXml(props.paths, site!, getSiteData().builtAt.slice(0, 10)), {
    headers: { 'content-type': 'application/xml; charset=utf-8' },
  });
