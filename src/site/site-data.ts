/**
 * What the Astro pages read at build time: the pipeline's outputs written by
 * scripts/build-data.ts, loaded once per build process. Never imported by browser code.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Coverage } from '../coverage/compute.ts';
import { isDemoSource } from '../pipeline/demo-marker.ts';

import type { ReferenceData, Report, Venue } from '../pipeline/types.ts';
import { loadReferenceData } from '../io/reference-files.ts';

/** Where scripts/build-data.ts writes, relative to the repository root. */
export const PIPELINE_DIR = '.cache/pipeline';

export interface SiteData {
  venues: Venue[];
  report: Report;
  reference: ReferenceData;
  coverage: Coverage;
  /** True when any published venue is fictitious demo data. */
  demo: boolean;
  /** ISO date-time of the data build. */
  builtAt: string;
}

let cached: SiteData | undefined;

export function getSiteData(): SiteData {
  cached ??= loadSiteData();
  return cached;
}

function loadSiteData(): SiteData {
  // Astro bundles pages, so the module's own location is not stable: the build runs from the root.
  const dir = path.resolve(process.cwd(), PIPELINE_DIR);
  const read = <T>(name: string): T => {
    try {
      return JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as T;
    } catch (error) {
      throw new Error(
        `Impossible de lire ${path.join(dir, name)} : lancez « npm run build » (qui prépare les données avant le site).`,
        { cause: error },
      );
    }
  };
  const venues = read<Venue[]>('venues.json');
  const meta = read<{ builtAt: string }>('meta.json');
  return {
    venues,
    report: read<Report>('report.json'),
    coverage: read<Coverage>('coverage.json'),
    reference: loadReferenceData(path.resolve(process.cwd(), 'data/reference/communes.json')),
    demo: venues.some((venue) => isDemoSource(venue.record.source)),
    builtAt: meta.builtAt,
  };
}
