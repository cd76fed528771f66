/**
 * `/donnees/sources/<file>.csv`: each listing file exactly as its producer committed it, so that
 * the file checker compares a dropped file with the current version and producers fetch their rows.
 */
import type { GetStaticPaths } from 'astro';
import { listingsDir, readListingFiles } from '../../../io/files.ts';

export const getStaticPaths = (() =>
  readListingFiles(listingsDir()).map(({ name, bytes }) => ({ params: { file: name }, props: { bytes } }))) satisfies GetStaticPaths;

export function GET({ props }: { props: { bytes: Uint8Array } }): Response {
  return new Response(new Uint8Array(props.bytes), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
}
