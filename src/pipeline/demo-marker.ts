/**
 * How fictitious demonstration rows are recognized: the demo generator writes this `source`, the
 * pipeline flags the venues that carry it, and the site shows its « données fictives » banner
 * (and a deployment refuses to publish them) from that flag alone.
 */
export const DEMO_SOURCE = 'Données fictives (démonstration)';

export function isDemoSource(source: string): boolean {
  return source === DEMO_SOURCE;
}
