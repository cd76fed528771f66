/**
 * What the Astro pages read at build time: the pipeline's outputs written by
 * scripts/build-data.ts, checked against their inputs and loaded once per build process.
 * Never imported by browser code.
 */
import type { WeeklySchedule } from '../common/opening.ts';
import { readPipelineConfig } from '../config.ts';
import type { Coverage } from '../coverage/compute.ts';
import { readPipelineCache } from '../io/pipeline-cache.ts';
import { loadReferenceData } from '../io/reference-files.ts';
import { isDemoSource } from '../pipeline/demo-marker.ts';
import type { ReferenceData, Report, Venue } from '../pipeline/types.ts';

export interface SiteData {
  venues: Venue[];
  /** Weekly schedules, indexed by `Venue.schedule`. */
  schedules: WeeklySchedule[];
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
  const { dataDir, programmeTownsFile } = readPipelineConfig();
  const { manifest, venues, schedules, report, coverage } = readPipelineCache({ dataDir, programmeTownsFile });
  return {
    venues,
    schedules,
    report,
    coverage,
    reference: loadReferenceData(),
    demo: venues.some((venue) => isDemoSource(venue.record.source)),
    builtAt: manifest.builtAt,
  };
}
