/**
 * `/donnees/fiches/<département>.json`: for each published venue, the row its page comes from
 * (source, id, normalized fields, fingerprint), which the listing form loads to prefill itself.
 * One file per département keeps what the form downloads small; the venue page's link names it.
 */
import { ficheFileCode } from '../../common/site-paths.ts';
import { parseCsvFile } from '../../pipeline/1-parse/parse.ts';
import type { RawRow, Venue } from '../../pipeline/types.ts';
import { venueFiche, type VenueFicheFile } from './correction.ts';

export function venueFicheFiles(venues: readonly Venue[], listings: ReadonlyArray<{ name: string; bytes: Uint8Array }>): Map<string, VenueFicheFile> {
  const rowsByFile = new Map<string, Map<number, RawRow>>();
  for (const { name, bytes } of listings) rowsByFile.set(name, new Map(parseCsvFile(name, bytes).rows.map((row) => [row.line, row])));
  const files = new Map<string, VenueFicheFile>();
  for (const venue of venues) {
    // The first source is the row whose fields the venue shows: the one a correction targets.
    const source = venue.sources[0];
    const row = source === undefined ? undefined : rowsByFile.get(source.file)?.get(source.line);
    if (source === undefined || row === undefined) continue;
    const code = ficheFileCode(venue.place.departement);
    let file = files.get(code);
    if (file === undefined) files.set(code, (file = { format: 'fiches-v1', fiches: {} }));
    file.fiches[venue.slug] = venueFiche(source.file, source.line, row.cells);
  }
  return files;
}
