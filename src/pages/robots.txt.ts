/**
 * robots.txt, generated so that the sitemap's address follows the configured site URL. The
 * embeddable map (a copy of the home page inside other sites) is not indexed; the page that
 * documents it is.
 */
import type { APIRoute } from 'astro';

export const GET: APIRoute = ({ site }) =>
  new Response(`User-agent: *\nAllow: /\nDisallow: /integrer/carte/\n\nSitemap: ${new URL('/sitemap.xml', site).href}\n`, {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
