/**
 * The territory pages' tree: régions → départements → communes → venues, built once per build
 * from the published venues and the reference table. Every venue lands in exactly one place of
 * the tree: its commune when the geocoder found one, else its département (from the postal code),
 * else the « lieux non rattachés » list, so that every venue page is reachable by links.
 */
import { slugify } from '../common/text.ts';
import type { Commune, Departement, ReferenceData, Region, Venue } from '../pipeline/types.ts';

/** Venues per commune page; longer lists continue on `…/<commune>/2/`. */
export const COMMUNE_PAGE_SIZE = 50;

export interface CommuneEntry {
  commune: Commune;
  /** URL segment, unique within the département. */
  slug: string;
  venues: Venue[];
}

export interface DepartementEntry {
  departement: Departement;
  communes: CommuneEntry[];
  /** Venues placed in the département but in no known commune. */
  unplaced: Venue[];
  venueCount: number;
}

export interface RegionEntry {
  region: Region;
  departements: DepartementEntry[];
  venueCount: number;
}

export interface TerritoryTree {
  regions: RegionEntry[];
  departements: Map<string, DepartementEntry>;
  /** Venues that could not be tied to any département. */
  unattached: Venue[];
  /** Where each venue sits, by venue slug (absent for unattached venues). */
  places: Map<string, { departement: DepartementEntry; commune: CommuneEntry | null }>;
}

const byName = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

function compareVenues(a: Venue, b: Venue): number {
  return byName.compare(a.record.nom, b.record.nom) || a.slug.localeCompare(b.slug);
}

export function buildTerritoryTree(venues: readonly Venue[], reference: ReferenceData): TerritoryTree {
  const communesByCode = new Map(reference.communes.map((c) => [c.code, c]));
  const byCommune = new Map<string, Venue[]>();
  const unplacedByDepartement = new Map<string, Venue[]>();
  const unattached: Venue[] = [];

  for (const venue of venues) {
    const commune = venue.place.commune === null ? undefined : communesByCode.get(venue.place.commune);
    if (commune) {
      const list = byCommune.get(commune.code);
      if (list) list.push(venue);
      else byCommune.set(commune.code, [venue]);
      continue;
    }
    const departement = venue.place.departement;
    if (departement !== null) {
      const list = unplacedByDepartement.get(departement);
      if (list) list.push(venue);
      else unplacedByDepartement.set(departement, [venue]);
    } else {
      unattached.push(venue);
    }
  }

  const communesByDepartement = new Map<string, CommuneEntry[]>();
  for (const [code, list] of byCommune) {
    const commune = communesByCode.get(code)!;
    const entries = communesByDepartement.get(commune.departement) ?? [];
    entries.push({ commune, slug: '', venues: list.sort(compareVenues) });
    communesByDepartement.set(commune.departement, entries);
  }

  const departements = new Map<string, DepartementEntry>();
  for (const departement of reference.departements) {
    const communes = (communesByDepartement.get(departement.code) ?? []).sort((a, b) =>
      byName.compare(a.commune.nom, b.commune.nom),
    );
    assignSlugs(communes);
    const unplaced = (unplacedByDepartement.get(departement.code) ?? []).sort(compareVenues);
    const venueCount = unplaced.length + communes.reduce((sum, entry) => sum + entry.venues.length, 0);
    departements.set(departement.code, { departement, communes, unplaced, venueCount });
  }

  const regions = reference.regions
    .map((region) => {
      const entries = [...departements.values()]
        .filter((entry) => entry.departement.region === region.code)
        .sort((a, b) => a.departement.code.localeCompare(b.departement.code));
      return { region, departements: entries, venueCount: entries.reduce((sum, entry) => sum + entry.venueCount, 0) };
    })
    .sort((a, b) => byName.compare(a.region.nom, b.region.nom));

  const places: TerritoryTree['places'] = new Map();
  for (const entry of departements.values()) {
    for (const venue of entry.unplaced) places.set(venue.slug, { departement: entry, commune: null });
    for (const commune of entry.communes) {
      for (const venue of commune.venues) places.set(venue.slug, { departement: entry, commune });
    }
  }
  return { regions, departements, unattached: unattached.sort(compareVenues), places };
}

/** Commune names repeat within a département only rarely; the INSEE code then tells them apart. */
function assignSlugs(communes: CommuneEntry[]): void {
  const counts = new Map<string, number>();
  for (const entry of communes) {
    const slug = slugify(entry.commune.nom);
    counts.set(slug, (counts.get(slug) ?? 0) + 1);
  }
  for (const entry of communes) {
    const slug = slugify(entry.commune.nom);
    entry.slug = counts.get(slug)! > 1 ? `${slug}-${entry.commune.code.toLowerCase()}` : slug;
  }
}

let memo: { venues: readonly Venue[]; tree: TerritoryTree } | undefined;

/** The tree for the site's venues, built once per build process (every page asks for it). */
export function territoryTree(venues: readonly Venue[], reference: ReferenceData): TerritoryTree {
  if (memo?.venues !== venues) memo = { venues, tree: buildTerritoryTree(venues, reference) };
  return memo.tree;
}
