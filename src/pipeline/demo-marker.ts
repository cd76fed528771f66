/**
 * How fictitious demonstration rows are recognized: every demo `source` starts with this marker
 * (the generator writes one source per file, « Données fictives (démonstration) – réseau Bretagne »,
 * so that the deduplication sees distinct producers), the pipeline flags the venues that carry it,
 * and the site shows its « données fictives » banner (and a deployment refuses to publish them)
 * from that flag alone.
 */
export const DEMO_SOURCE_MARKER = 'Données fictives (démonstration)';

/** The `source` of the demo rows of one fictitious producer. */
export function demoSource(producer: string): string {
  return `${DEMO_SOURCE_MARKER} – ${producer}`;
}

export function isDemoSource(source: string): boolean {
  return source.startsWith(DEMO_SOURCE_MARKER);
}
