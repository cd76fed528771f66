/**
 * Coverage measures: where venues are, against where people live. Pure functions of the
 * published venues and the reference table; the result is plain JSON (written by
 * scripts/build-data.ts, read by the coverage pages and downloads).
 *
 * Unit of measure: the current commune. A venue counts in the commune of `geo.codeInsee`
 * (municipal arrondissements roll up to their commune); distances are straight lines from the
 * commune's own point (GeoNames' town centre, else a point inside the commune from its 2018
 * outline; the few borrowed points are recorded in `point`) to the nearest venue point, through
 * a kd-tree (never a scan of all pairs). Mid-sized towns, their underserved score
 * and the density hexagons are defined below and explained in French by `method.ts`.
 */
import { hexGrid } from '@turf/turf';
import { around, distance as distanceKm } from 'geokdbush';
import KDBush from 'kdbush';
import Papa from 'papaparse';
import { formatUpToOneDecimal, median, round } from '../common/numbers.ts';
import { slugify } from '../common/text.ts';
import type { Commune, CommunePointSource, ReferenceData, Venue } from '../pipeline/types.ts';
import { ProvenanceAccumulator, type Provenance } from './provenance.ts';

/* ------------------------------------------------------------------ options */

export interface CoverageOptions {
  /** Smallest population of a mid-sized town (inclusive). Default 20,000. */
  midSizedMin?: number;
  /** Population from which a town is no longer mid-sized (exclusive). Default 100,000. */
  midSizedMax?: number;
  /** Keep only the most populous commune of its EPCI (the "ville-centre"). Default true. */
  mainCommuneOfEpci?: boolean;
  /** INSEE codes of a programme's towns (e.g. Action Cœur de Ville), shown as an overlay flag. */
  programmeTowns?: Iterable<string>;
  /** Name of that programme, for the pages. */
  programmeName?: string;
  /** Hexagon size (centre to corner, km) for metropolitan France; overseas cells are half. */
  hexCellKm?: number;
  /** When the figures are computed (the build date): recorded in their provenance. Default: now. */
  computedAt?: Date;
}

export interface ResolvedCoverageOptions {
  midSizedMin: number;
  midSizedMax: number;
  mainCommuneOfEpci: boolean;
  programmeName: string;
  /** How many INSEE codes the programme list held (0 when no list was given). */
  programmeTownCount: number;
  hexCellKm: number;
}

/** Distances (km) at which the population "far from any venue" is measured. */
export const DISTANCE_THRESHOLDS_KM = [5, 10, 20] as const;

/** A mid-sized town is underserved below this fraction of the median venues per 10,000. */
export const UNDERSERVED_DENSITY_RATIO = 0.5;
/** At this distance (km) from the nearest venue, the distance part of the score is maximal. */
export const SCORE_DISTANCE_KM = 10;
/** Weights of the density and distance parts in the underserved score. */
export const SCORE_WEIGHTS = { density: 0.7, distance: 0.3 } as const;

/* ------------------------------------------------------------------ venue groups */

export const VENUE_GROUPS = ['france-services', 'bibliotheque', 'public', 'association', 'organisme', 'autre'] as const;
export type VenueGroup = (typeof VENUE_GROUPS)[number];

/**
 * Typologie codes of each group, checked in VENUE_GROUPS order so that a venue falls in exactly
 * one group (a France Services office in a town hall counts as France Services).
 */
const GROUP_TYPOLOGIES: Record<Exclude<VenueGroup, 'autre'>, readonly string[]> = {
  'france-services': ['RFS', 'MSAP'],
  bibliotheque: ['BIB', 'RELAIS_LECTURE'],
  public: ['MUNI', 'EPCI', 'CCAS', 'CIAS', 'DEPT', 'CD', 'CDAS', 'MDS', 'REG', 'PREF', 'MDPH', 'MDH', 'PIJ_BIJ', 'SPIP', 'PJJ'],
  association: ['ASSO', 'ASSO_CHOMEUR', 'CS', 'CSC', 'EVS', 'MJC', 'MQ', 'TIERS_LIEUX', 'FABLAB', 'FABRIQUE', 'EPN', 'ESS', 'RESSOURCERIE', 'PIMMS'],
  organisme: ['CAF', 'CPAM', 'MSA', 'FT', 'ML', 'CAP_EMPLOI', 'MDE', 'MDEF', 'PLIE', 'LA_POSTE', 'AFPA', 'CFP', 'OF'],
};

/** Programmes that identify a group as surely as a typologie code. */
const GROUP_PROGRAMMES: Partial<Record<VenueGroup, string>> = {
  'france-services': 'France Services',
  bibliotheque: 'Bibliothèques numérique de référence',
};

export function venueGroup(venue: Venue): VenueGroup {
  const { typologie, dispositif_programmes_nationaux: programmes } = venue.record;
  for (const group of VENUE_GROUPS) {
    if (group === 'autre') break;
    const programme = GROUP_PROGRAMMES[group];
    if (programme !== undefined && programmes.includes(programme)) return group;
    if (typologie.some((code) => GROUP_TYPOLOGIES[group].includes(code))) return group;
  }
  return 'autre';
}

type GroupCounts = Record<VenueGroup, number>;

function emptyGroupCounts(): GroupCounts {
  return Object.fromEntries(VENUE_GROUPS.map((g) => [g, 0])) as GroupCounts;
}

/* ------------------------------------------------------------------ output types */

export interface NearbyVenue {
  slug: string;
  km: number;
}

export interface CommuneCoverage {
  code: string;
  nom: string;
  departement: string;
  region: string;
  epci: string | null;
  population: number;
  venues: number;
  venuesPer10k: number;
  /** Straight-line km from the commune's point to the nearest venue; null when no venue is placed. */
  nearestKm: number | null;
  nearestSlug: string | null;
  /** How the commune's point was obtained (a point borrowed from another commune makes the distance rougher). */
  point: CommunePointSource;
  /** Whether its département has data (see `Coverage.withoutData`). */
  hasData: boolean;
}

export type TerritoryLevel = 'france' | 'region' | 'departement' | 'epci';

export interface TerritoryCoverage {
  level: TerritoryLevel;
  code: string;
  nom: string;
  communes: number;
  population: number;
  venues: number;
  venuesPer10k: number;
  groups: GroupCounts;
  /** Inhabitants of communes whose nearest venue is farther than 5, 10, 20 km (same order as DISTANCE_THRESHOLDS_KM). */
  populationBeyondKm: number[];
  /** The same as shares of the population (0–1). */
  shareBeyondKm: number[];
  midSizedTowns: number;
  underservedMidSizedTowns: number;
  /**
   * Whether any listing publishes a venue in it. False means « pas de données », not « aucun
   * lieu »: such a territory is flagged, left out of rankings and of the national figures.
   */
  hasData: boolean;
  /** Distinct sources with a venue in it. */
  sources: number;
  /** The département it lies in (for an EPCI, that of its most populous commune); null for a région or France. */
  departement: string | null;
  /** The région it lies in (itself for a région; for an EPCI, that of its most populous commune); null for France. */
  region: string | null;
}

export interface MidSizedTown {
  code: string;
  nom: string;
  /** URL segment of the town's page. */
  slug: string;
  departement: string;
  region: string;
  epci: string | null;
  population: number;
  lat: number;
  lon: number;
  point: CommunePointSource;
  venues: number;
  venuesPer10k: number;
  nearestKm: number | null;
  /** The closest venues to the town's point (at most NEARBY_VENUES), nearest first. */
  nearby: NearbyVenue[];
  /** In the programme list given in the options. */
  programme: boolean;
  /** Whether its département has data; without, neither ratio nor score is computed. */
  hasData: boolean;
  /** Venues per 10,000 relative to the median of mid-sized towns (1 = median); null without data. */
  densityRatio: number | null;
  /** 0 (well served) to 100 (most underserved); null without data. */
  score: number | null;
  underserved: boolean;
}

/** One bar of the histogram of mid-sized towns by venues per 10,000 inhabitants. */
export interface DensityBucket {
  /** `none`: towns with no venue; `range`: from (exclusive when 0) to before `to`; `no-data`: towns without data. */
  kind: 'none' | 'range' | 'no-data';
  /** Lower bound (venues per 10,000), for `range`. */
  from: number | null;
  /** Upper bound, excluded; null for the last range. */
  to: number | null;
  label: string;
  towns: number;
}

export interface HexCell {
  /** Ring of [lon, lat] corners, rounded. */
  ring: Array<[number, number]>;
  population: number;
  venues: number;
  /** Null when the cell has no venue. */
  inhabitantsPerVenue: number | null;
}

export interface Coverage {
  options: ResolvedCoverageOptions;
  /** Files, sources and dates behind the figures. */
  provenance: Provenance;
  /** The same for the venues placed in each département (by département code). */
  departementProvenance: Record<string, Provenance>;
  /**
   * Départements (overseas collectivities included) where no published venue is placed, not even
   * by its postal code: no listing covers them. Their population is left out of `national`.
   */
  withoutData: { departements: string[]; communes: number; population: number };
  /** Venues counted in a commune (the others have no usable INSEE code). */
  venuesInCommunes: number;
  venuesWithoutCommune: number;
  /** Venues whose point is precise enough (commune or better) to measure distances from. */
  venuesForDistance: number;
  /** Median venues per 10,000 among mid-sized towns with data: the score's reference. */
  midSizedMedianPer10k: number;
  /** The territories with data (see `withoutData`). */
  national: TerritoryCoverage;
  regions: TerritoryCoverage[];
  departements: TerritoryCoverage[];
  epcis: TerritoryCoverage[];
  communes: CommuneCoverage[];
  /** Those with data by score, most underserved first, then those without data. */
  midSizedTowns: MidSizedTown[];
  densityHistogram: DensityBucket[];
  hexagons: HexCell[];
}

/* ------------------------------------------------------------------ helpers */

const NEARBY_VENUES = 5;

function per10k(venues: number, population: number): number {
  return population > 0 ? round((venues * 10_000) / population, 2) : 0;
}

/** Reads the programme list: a CSV with an `insee_com` column (`,` or `;`), one commune per row. */
export function loadProgrammeTowns(csvText: string): Set<string> {
  const parsed = Papa.parse<Record<string, string>>(csvText.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
    transformHeader: (header) => header.trim().toLowerCase(),
  });
  if (!parsed.meta.fields?.includes('insee_com')) {
    throw new Error('La liste des villes du programme doit avoir une colonne « insee_com » (code INSEE de la commune).');
  }
  const codes = new Set<string>();
  for (const row of parsed.data) {
    const code = (row.insee_com ?? '').trim().toUpperCase();
    // Spreadsheets drop the leading zero of codes like 01004.
    if (code !== '') codes.add(/^\d{4}$/.test(code) ? `0${code}` : code);
  }
  return codes;
}

function resolveOptions(options: CoverageOptions, programme: ReadonlySet<string>): ResolvedCoverageOptions {
  return {
    midSizedMin: options.midSizedMin ?? 20_000,
    midSizedMax: options.midSizedMax ?? 100_000,
    mainCommuneOfEpci: options.mainCommuneOfEpci ?? true,
    programmeName: options.programmeName ?? 'Action Cœur de Ville',
    programmeTownCount: programme.size,
    hexCellKm: options.hexCellKm ?? 20,
  };
}

/** Venue points good enough for distances: a département centre would fake nearness. */
function usableForDistance(venue: Venue): boolean {
  const { precision } = venue.geo;
  return precision === 'adresse' || precision === 'commune' || precision === 'commune_voisine' || precision === 'code_postal';
}

/** The current commune a venue counts in, or null. */
/** The current commune a venue counts in: municipal arrondissements count in their city. */
function communeResolver(reference: ReferenceData): (venue: Venue) => string | null {
  const byCode = new Map(reference.communes.map((c) => [c.code, c]));
  return ({ place }) => {
    if (place.commune === null) return null;
    const commune = byCode.get(place.commune)!;
    return commune.parent ?? commune.code;
  };
}

/* ------------------------------------------------------------------ mid-sized towns */

/** Codes of the mid-sized towns of the reference table, by the options' definition. */
export function selectMidSizedTowns(communes: readonly Commune[], options: Pick<ResolvedCoverageOptions, 'midSizedMin' | 'midSizedMax' | 'mainCommuneOfEpci'>): Set<string> {
  const current = communes.filter((c) => c.parent === undefined);
  const largestOfEpci = new Map<string, Commune>();
  for (const commune of current) {
    if (commune.epci === null) continue;
    const largest = largestOfEpci.get(commune.epci);
    if (largest === undefined || commune.population > largest.population) largestOfEpci.set(commune.epci, commune);
  }
  const selected = new Set<string>();
  for (const commune of current) {
    if (commune.population < options.midSizedMin || commune.population >= options.midSizedMax) continue;
    // A commune in no EPCI (island communes) is its own centre.
    if (options.mainCommuneOfEpci && commune.epci !== null && largestOfEpci.get(commune.epci) !== commune) continue;
    selected.add(commune.code);
  }
  return selected;
}

/**
 * Underserved score, 0–100: 70 % density part (0 at or above the median venues per 10,000 of
 * mid-sized towns, 100 with no venue, linear between) and 30 % distance part (0 when a venue is
 * at the town's point, 100 at SCORE_DISTANCE_KM or more).
 */
export function underservedScore(densityRatio: number, nearestKm: number | null): number {
  const density = 100 * Math.min(1, Math.max(0, 1 - densityRatio));
  const distance = nearestKm === null ? 100 : 100 * Math.min(1, nearestKm / SCORE_DISTANCE_KM);
  return Math.round(SCORE_WEIGHTS.density * density + SCORE_WEIGHTS.distance * distance);
}

/** Towns like this one to compare with (towns with data only): same région first, then the closest populations. */
export function comparableTowns(town: MidSizedTown, towns: readonly MidSizedTown[], count = 5): MidSizedTown[] {
  return towns
    .filter((other) => other.code !== town.code && other.hasData)
    .sort(
      (a, b) =>
        Number(b.region === town.region) - Number(a.region === town.region) ||
        Math.abs(Math.log(a.population / town.population)) - Math.abs(Math.log(b.population / town.population)) ||
        (a.code < b.code ? -1 : 1),
    )
    .slice(0, count);
}

/* ------------------------------------------------------------------ hexagons */

/** [west, south, east, north], with the cell size factor relative to the metropolitan one. */
const HEX_AREAS: ReadonlyArray<{ bbox: [number, number, number, number]; scale: number }> = [
  { bbox: [-5.2, 41.3, 9.6, 51.1], scale: 1 },
  { bbox: [-61.9, 15.8, -60.9, 16.6], scale: 0.5 },
  { bbox: [-61.3, 14.3, -60.7, 14.95], scale: 0.5 },
  { bbox: [-54.7, 2.0, -51.5, 5.85], scale: 0.5 },
  { bbox: [55.1, -21.45, 55.9, -20.8], scale: 0.5 },
  { bbox: [44.9, -13.1, 45.35, -12.55], scale: 0.5 },
];

function inBox(lon: number, lat: number, [w, s, e, n]: readonly number[]): boolean {
  return lon >= w! && lon <= e! && lat >= s! && lat <= n!;
}

/**
 * Population and venues per hexagon. Each point goes to the cell whose centre is nearest (the
 * cell that contains it, up to the grid's slight distortion in degrees); only cells with
 * people or venues are kept, to keep the output small.
 */
function densityHexagons(
  communes: readonly Commune[],
  venuePoints: ReadonlyArray<{ lon: number; lat: number }>,
  cellKm: number,
): HexCell[] {
  const cells: HexCell[] = [];
  for (const area of HEX_AREAS) {
    const grid = hexGrid(area.bbox, cellKm * area.scale, { units: 'kilometers' });
    const rings = grid.features.map((f) => f.geometry.coordinates[0]!.map(([lon, lat]) => [round(lon!, 3), round(lat!, 3)] as [number, number]));
    if (rings.length === 0) continue;
    const index = new KDBush(rings.length);
    for (const ring of rings) {
      const corners = ring.slice(0, -1);
      index.add(corners.reduce((s, [lon]) => s + lon, 0) / corners.length, corners.reduce((s, [, lat]) => s + lat, 0) / corners.length);
    }
    index.finish();
    const population = new Float64Array(rings.length);
    const venues = new Uint32Array(rings.length);
    const cellOf = (lon: number, lat: number): number | undefined => around(index, lon, lat, 1)[0];
    for (const commune of communes) {
      if (commune.population === 0 || !inBox(commune.lon, commune.lat, area.bbox)) continue;
      const cell = cellOf(commune.lon, commune.lat);
      if (cell !== undefined) population[cell] = population[cell]! + commune.population;
    }
    for (const point of venuePoints) {
      if (!inBox(point.lon, point.lat, area.bbox)) continue;
      const cell = cellOf(point.lon, point.lat);
      if (cell !== undefined) venues[cell] = venues[cell]! + 1;
    }
    rings.forEach((ring, i) => {
      const people = population[i]!;
      const count = venues[i]!;
      if (people === 0 && count === 0) return;
      cells.push({ ring, population: people, venues: count, inhabitantsPerVenue: count > 0 ? Math.round(people / count) : null });
    });
  }
  return cells;
}

/* ------------------------------------------------------------------ histogram */

/** Width of the histogram's ranges of venues per 10,000, and where its last, open range starts. */
export const DENSITY_BUCKET_WIDTH = 0.5;
export const DENSITY_LAST_BUCKET = 4;

/**
 * Mid-sized towns per range of venues per 10,000 inhabitants. Towns with no venue have their own
 * bar, and the first range starts above zero, so that no town falls in two bars; towns without
 * data come last, apart.
 */
export function densityHistogram(towns: readonly MidSizedTown[]): DensityBucket[] {
  const ranges: DensityBucket[] = [];
  for (let from = 0; from <= DENSITY_LAST_BUCKET; from += DENSITY_BUCKET_WIDTH) {
    const to = from < DENSITY_LAST_BUCKET ? from + DENSITY_BUCKET_WIDTH : null;
    const label = to === null ? `${formatUpToOneDecimal(from)} ou plus` : from === 0 ? `Plus de 0 et moins de ${formatUpToOneDecimal(to)}` : `De ${formatUpToOneDecimal(from)} à moins de ${formatUpToOneDecimal(to)}`;
    ranges.push({ kind: 'range', from, to, label, towns: 0 });
  }
  const none: DensityBucket = { kind: 'none', from: null, to: null, label: 'Aucun lieu', towns: 0 };
  const noData: DensityBucket = { kind: 'no-data', from: null, to: null, label: 'Pas de données', towns: 0 };
  for (const town of towns) {
    if (!town.hasData) noData.towns++;
    else if (town.venues === 0) none.towns++;
    else ranges[Math.min(ranges.length - 1, Math.floor(town.venuesPer10k / DENSITY_BUCKET_WIDTH))]!.towns++;
  }
  return [none, ...ranges, ...(noData.towns > 0 ? [noData] : [])];
}

/* ------------------------------------------------------------------ territories */

class TerritoryAccumulator {
  communes = 0;
  population = 0;
  venues = 0;
  groups = emptyGroupCounts();
  beyond = DISTANCE_THRESHOLDS_KM.map(() => 0);
  midSized = 0;
  underserved = 0;
  sources = new Set<string>();
  hasData = false;

  addCommune(commune: CommuneCoverage, groups: GroupCounts | undefined, sources: ReadonlySet<string> | undefined): void {
    this.communes++;
    this.population += commune.population;
    this.venues += commune.venues;
    if (commune.hasData) this.hasData = true;
    if (groups) for (const g of VENUE_GROUPS) this.groups[g] += groups[g];
    if (sources) this.addSources(sources);
    DISTANCE_THRESHOLDS_KM.forEach((km, i) => {
      if (commune.nearestKm === null || commune.nearestKm > km) this.beyond[i]! += commune.population;
    });
  }

  addSources(sources: Iterable<string>): void {
    for (const source of sources) this.sources.add(source);
  }

  result(level: TerritoryLevel, code: string, nom: string, within: { departement: string | null; region: string | null }): TerritoryCoverage {
    return {
      level,
      code,
      nom,
      communes: this.communes,
      population: this.population,
      venues: this.venues,
      venuesPer10k: per10k(this.venues, this.population),
      groups: this.groups,
      populationBeyondKm: this.beyond,
      shareBeyondKm: this.beyond.map((p) => (this.population > 0 ? round(p / this.population, 4) : 0)),
      midSizedTowns: this.midSized,
      underservedMidSizedTowns: this.underserved,
      hasData: this.hasData,
      sources: this.sources.size,
      ...within,
    };
  }
}

/* ------------------------------------------------------------------ entry point */

export function computeCoverage(venues: readonly Venue[], reference: ReferenceData, options: CoverageOptions = {}): Coverage {
  const programme = new Set(options.programmeTowns ?? []);
  const resolved = resolveOptions(options, programme);
  const computedAt = (options.computedAt ?? new Date()).toISOString();
  const today = computedAt.slice(0, 10);

  // Venues per current commune, per group and per source; provenance nationally and per département.
  const communeOf = communeResolver(reference);
  const venuesByCommune = new Map<string, number>();
  const groupsByCommune = new Map<string, GroupCounts>();
  const sourcesByCommune = new Map<string, Set<string>>();
  const sourcesOutsideCommunes = new Map<string, Set<string>>();
  const national = new ProvenanceAccumulator(today);
  const byDepartement = new Map<string, ProvenanceAccumulator>();
  let venuesWithoutCommune = 0;
  for (const venue of venues) {
    national.add(venue);
    const departement = venue.place.departement;
    if (departement !== null) {
      let acc = byDepartement.get(departement);
      if (acc === undefined) byDepartement.set(departement, (acc = new ProvenanceAccumulator(today)));
      acc.add(venue);
    }
    const names = new Set(venue.sources.map((s) => s.source));
    const code = communeOf(venue);
    if (code === null) {
      venuesWithoutCommune++;
      if (departement !== null) {
        const sources = sourcesOutsideCommunes.get(departement) ?? new Set<string>();
        for (const name of names) sources.add(name);
        sourcesOutsideCommunes.set(departement, sources);
      }
      continue;
    }
    venuesByCommune.set(code, (venuesByCommune.get(code) ?? 0) + 1);
    const groups = groupsByCommune.get(code) ?? emptyGroupCounts();
    groups[venueGroup(venue)]++;
    groupsByCommune.set(code, groups);
    const sources = sourcesByCommune.get(code) ?? new Set<string>();
    for (const name of names) sources.add(name);
    sourcesByCommune.set(code, sources);
  }
  // A département has data as soon as one published venue is placed in it, by its commune or its postal code.
  const withData = (departement: string): boolean => byDepartement.has(departement);

  // Nearest venues through a kd-tree on venue points.
  const placed = venues.filter(usableForDistance);
  let index: KDBush | null = null;
  if (placed.length > 0) {
    index = new KDBush(placed.length);
    for (const venue of placed) index.add(venue.geo.lon, venue.geo.lat);
    index.finish();
  }
  const nearest = (lon: number, lat: number, count: number): NearbyVenue[] =>
    index === null
      ? []
      : around(index, lon, lat, count).map((id) => {
          const venue = placed[id]!;
          return { slug: venue.slug, km: round(distanceKm(lon, lat, venue.geo.lon, venue.geo.lat), 1) };
        });

  const current = reference.communes.filter((c) => c.parent === undefined);
  const communes: CommuneCoverage[] = current.map((commune) => {
    const count = venuesByCommune.get(commune.code) ?? 0;
    const [closest] = nearest(commune.lon, commune.lat, 1);
    return {
      code: commune.code,
      nom: commune.nom,
      departement: commune.departement,
      region: commune.region,
      epci: commune.epci,
      population: commune.population,
      venues: count,
      venuesPer10k: per10k(count, commune.population),
      nearestKm: closest?.km ?? null,
      nearestSlug: closest?.slug ?? null,
      point: commune.point,
      hasData: withData(commune.departement),
    };
  });

  // Mid-sized towns and their score, against the median of the towns with data.
  const selected = selectMidSizedTowns(reference.communes, resolved);
  const townCommunes = current.filter((c) => selected.has(c.code));
  const coverageByCode = new Map(communes.map((c) => [c.code, c]));
  const measuredTowns = townCommunes.map((c) => coverageByCode.get(c.code)!).filter((c) => c.hasData);
  // With no mid-sized town at all (a test territory), the median is taken as 0, not NaN.
  const medianPer10k = measuredTowns.length === 0 ? 0 : median(measuredTowns.map((c) => c.venuesPer10k));
  const midSizedTowns: MidSizedTown[] = townCommunes.map((commune) => {
    const measured = coverageByCode.get(commune.code)!;
    const densityRatio = !measured.hasData ? null : medianPer10k > 0 ? measured.venuesPer10k / medianPer10k : measured.venues > 0 ? 1 : 0;
    return {
      code: commune.code,
      nom: commune.nom,
      slug: `${slugify(commune.nom)}-${commune.code.toLowerCase()}`,
      departement: commune.departement,
      region: commune.region,
      epci: commune.epci,
      population: commune.population,
      lat: commune.lat,
      lon: commune.lon,
      point: commune.point,
      venues: measured.venues,
      venuesPer10k: measured.venuesPer10k,
      nearestKm: measured.nearestKm,
      nearby: nearest(commune.lon, commune.lat, NEARBY_VENUES),
      programme: programme.has(commune.code),
      hasData: measured.hasData,
      densityRatio: densityRatio === null ? null : round(densityRatio, 2),
      score: densityRatio === null ? null : underservedScore(densityRatio, measured.nearestKm),
      underserved: densityRatio !== null && (measured.venues === 0 || densityRatio < UNDERSERVED_DENSITY_RATIO),
    };
  });
  midSizedTowns.sort(
    (a, b) => Number(b.hasData) - Number(a.hasData) || (b.score ?? 0) - (a.score ?? 0) || b.population - a.population || (a.code < b.code ? -1 : 1),
  );
  const townByCode = new Map(midSizedTowns.map((t) => [t.code, t]));

  // Territories: each commune adds to its EPCI, département, région and, with data, to the national total.
  const accumulators = new Map<string, TerritoryAccumulator>();
  const accumulator = (key: string): TerritoryAccumulator => {
    let acc = accumulators.get(key);
    if (acc === undefined) accumulators.set(key, (acc = new TerritoryAccumulator()));
    return acc;
  };
  const withoutData = { departements: new Set<string>(), communes: 0, population: 0 };
  for (const commune of communes) {
    const keys = [`region:${commune.region}`, `departement:${commune.departement}`];
    if (commune.epci !== null) keys.push(`epci:${commune.epci}`);
    if (commune.hasData) keys.push('france:FR');
    else {
      withoutData.departements.add(commune.departement);
      withoutData.communes++;
      withoutData.population += commune.population;
    }
    const town = townByCode.get(commune.code);
    for (const key of keys) {
      const acc = accumulator(key);
      acc.addCommune(commune, groupsByCommune.get(commune.code), sourcesByCommune.get(commune.code));
      if (town) {
        acc.midSized++;
        if (town.underserved) acc.underserved++;
      }
    }
  }
  const departementRegion = new Map(reference.departements.map((d) => [d.code, d.region]));
  for (const [departement, sources] of sourcesOutsideCommunes) {
    for (const key of [`departement:${departement}`, `region:${departementRegion.get(departement)}`, 'france:FR']) accumulator(key).addSources(sources);
  }
  // An EPCI lies, for the région filter and the département pages, where its most populous commune is.
  const epciSeat = new Map<string, Commune>();
  for (const commune of current) {
    if (commune.epci === null) continue;
    const seat = epciSeat.get(commune.epci);
    if (seat === undefined || commune.population > seat.population) epciSeat.set(commune.epci, commune);
  }
  const territories = <T extends { code: string; nom: string }>(
    level: TerritoryLevel,
    list: readonly T[],
    within: (t: T) => { departement: string | null; region: string | null },
  ): TerritoryCoverage[] =>
    list.flatMap((t) => {
      const acc = accumulators.get(`${level}:${t.code}`);
      return acc ? [acc.result(level, t.code, t.nom, within(t))] : [];
    });

  const departementProvenance: Record<string, Provenance> = {};
  for (const [code, acc] of [...byDepartement].sort(([a], [b]) => a.localeCompare(b))) departementProvenance[code] = acc.result(computedAt);

  return {
    options: resolved,
    provenance: national.result(computedAt),
    departementProvenance,
    withoutData: { departements: [...withoutData.departements].sort(), communes: withoutData.communes, population: withoutData.population },
    venuesInCommunes: venues.length - venuesWithoutCommune,
    venuesWithoutCommune,
    venuesForDistance: placed.length,
    midSizedMedianPer10k: round(medianPer10k, 2),
    national: (accumulators.get('france:FR') ?? new TerritoryAccumulator()).result('france', 'FR', 'France', { departement: null, region: null }),
    regions: territories('region', reference.regions, (r) => ({ departement: null, region: r.code })),
    departements: territories('departement', reference.departements, (d) => ({ departement: d.code, region: d.region })),
    epcis: territories('epci', reference.epcis, (e) => {
      const seat = epciSeat.get(e.code);
      return { departement: seat?.departement ?? null, region: seat?.region ?? null };
    }),
    communes,
    midSizedTowns,
    densityHistogram: densityHistogram(midSizedTowns),
    hexagons: densityHexagons(
      current,
      placed.map((v) => v.geo),
      resolved.hexCellKm,
    ),
  };
}
