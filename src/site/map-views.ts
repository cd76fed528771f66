/**
 * The overseas départements the national maps show apart (insets of `/couverture/`, the home
 * map's shortcuts), each framed by its communes' points from the reference table.
 */
import type { ViewBounds } from '../common/geography.ts';
import type { ReferenceData } from '../pipeline/types.ts';

export interface TerritoryView {
  /** Département code: 971, 972, 973, 974, 976. */
  code: string;
  nom: string;
  bounds: ViewBounds;
}

/** INSEE codes the overseas régions 01 to 06 (one département each); metropolitan régions start at 11. */
const OVERSEAS_REGION = /^0\d$/;
/** Room around the outermost communes' points, as a share of the box, so that coasts show. */
const MARGIN = 0.2;
/** At least this many degrees across, so that a small island keeps its surroundings. */
const MIN_SPAN_DEGREES = 0.4;

export function overseasViews(reference: ReferenceData): TerritoryView[] {
  const regions = new Set(reference.regions.filter((r) => OVERSEAS_REGION.test(r.code)).map((r) => r.code));
  return reference.departements
    .filter((d) => regions.has(d.region))
    .sort((a, b) => a.code.localeCompare(b.code))
    .flatMap((d) => {
      const communes = reference.communes.filter((c) => c.departement === d.code && !c.parent);
      if (communes.length === 0) return [];
      const lats = communes.map((c) => c.lat);
      const lons = communes.map((c) => c.lon);
      return [{ code: d.code, nom: d.nom, bounds: padded(Math.min(...lats), Math.min(...lons), Math.max(...lats), Math.max(...lons)) }];
    });
}

function padded(south: number, west: number, north: number, east: number): ViewBounds {
  const pad = (low: number, high: number): [number, number] => {
    const span = Math.max(high - low, MIN_SPAN_DEGREES / (1 + 2 * MARGIN));
    const middle = (low + high) / 2;
    const half = (span * (1 + 2 * MARGIN)) / 2;
    return [middle - half, middle + half];
  };
  const [s, n] = pad(south, north);
  const [w, e] = pad(west, east);
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  return [
    [round(s), round(w)],
    [round(n), round(e)],
  ];
}
