/** `/donnees/fiches/<département>.json`: the rows the listing form starts from (see venue-fiches.ts). */
import type { GetStaticPaths } from 'astro';
import { venueFicheFiles } from '../../../contribute/form/venue-fiches.ts';
import type { VenueFicheFile } from '../../../contribute/form/correction.ts';
import { listingsDir, readListingFiles } from '../../../io/files.ts';
import { getSiteData } from '../../../site/site-data.ts';

export const getStaticPaths = (() =>
  [...venueFicheFiles(getSiteData().venues, readListingFiles(listingsDir()).files)].map(([dep, file]) => ({ params: { dep }, props: { file } }))) satisfies GetStaticPaths;

export function GET({ props }: { props: { file: VenueFicheFile } }): Response {
  return new Response(JSON.stringify(props.file), { headers: { 'content-type': 'application/json; charset=utf-8' } });
}
