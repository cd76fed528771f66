/**
 * robots.txt, generated so that the sitemap's address follows the configured site URL. The
 * embeddable map (a copy of the home page inside other sites) is not indexed; the page that
 * documents it is.
 */
import type { APIRoute } from 'astro';
import { paths } from '../site/paths.ts';

export const GET: APIRoute = ({ site }) =>
  new Response(`User-agent: *\nAllow: ${paths.base}\nDisallow: ${paths.embedMap()}\n\nSitemap: ${new URL(paths.asset('sitemap.xml'), site).href}\n`, {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
