/**
 * What the coverage pages say about their figures, computed from the coverage output: where the
 * data come from (« Données : … »), the downloads with their absolute links, a mid-sized town's
 * « no venue » against « no data », and a département's figures, ranks, towns and EPCIs.
 */
import { isOverseasCollectivity } from '../common/geography.ts';
import { formatDateFr, formatInteger, plural } from '../common/numbers.ts';
import type { Coverage, MidSizedTown, TerritoryCoverage } from '../coverage/compute.ts';
import { coverageTables, type CoverageTable } from '../coverage/downloads.ts';
import type { Provenance } from '../coverage/provenance.ts';
import { byShareBeyond, territoryRanks, type Ranks } from '../coverage/rankings.ts';
import type { Departement, ReferenceData, Venue } from '../pipeline/types.ts';
import { siteConfig } from '../config.ts';
import { paths } from './paths.ts';

/* ------------------------------------------------------------------ provenance */

function listFr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items.at(-1)}`;
}

/**
 * « Données : 2 fichiers (sources : A et B), mises à jour entre le 15 avril 2022 et le 1er décembre
 * 2022 ; calcul du 1er décembre 2026. » `scope` follows « Données » (« du département »); beyond
 * `maxSources` sources, the first ones are named and the others counted.
 */
export function provenanceText(provenance: Provenance, options: { scope?: string; maxSources?: number } = {}): string {
  const { scope = '', maxSources = 3 } = options;
  const computed = `calcul du ${formatDateFr(provenance.computedAt.slice(0, 10))}`;
  if (provenance.files === 0) return `Données${scope} : aucun lieu publié ; ${computed}.`;
  const names = provenance.sources.map((s) => s.name);
  const sources =
    names.length === 1
      ? `source : ${names[0]}`
      : names.length <= maxSources
        ? `sources : ${listFr(names)}`
        : `${plural(names.length, 'source')} : ${names.slice(0, maxSources).join(', ')} et ${plural(names.length - maxSources, 'autre')}`;
  const { firstUpdate: first, lastUpdate: last } = provenance;
  const dates =
    first === null || last === null
      ? ''
      : first === last
        ? `, mises à jour le ${formatDateFr(first)}`
        : `, mises à jour entre le ${formatDateFr(first)} et le ${formatDateFr(last)}`;
  return `Données${scope} : ${plural(provenance.files, 'fichier')} (${sources})${dates} ; ${computed}.`;
}

/** Every source with its count of venues: « A (1 211 lieux), B (12 lieux) ». */
export function sourcesText(provenance: Provenance): string {
  return provenance.sources.map((s) => `${s.name} (${plural(s.venues, 'lieu', 'lieux')})`).join(', ');
}

/* ------------------------------------------------------------------ territories */

/** « Région », or « Collectivité d’outre-mer » for those the official geography files as régions. */
export function regionKind(code: string): string {
  return isOverseasCollectivity(code) ? 'Collectivité d’outre-mer' : 'Région';
}

/** The département's name with its code: « Allier (03) ». */
export function departementLabel(departement: Pick<Departement, 'code' | 'nom'>): string {
  return `${departement.nom} (${departement.code})`;
}

/** The territories without data, by name, for the sentence under the key figures. */
export function withoutDataText(coverage: Pick<Coverage, 'withoutData' | 'departements'>): string | null {
  const { departements, population } = coverage.withoutData;
  if (departements.length === 0) return null;
  const named = coverage.departements.filter((d) => departements.includes(d.code)).map((d) => d.nom);
  const verb = named.length > 1 ? 'n’ont' : 'n’a';
  return `${listFr(named)} (${plural(population, 'habitant')}) ${verb} aucun lieu publié, par aucune source : pas de données. Ces chiffres ne les comptent pas.`;
}

/* ------------------------------------------------------------------ mid-sized towns */

export type TownDataStatus =
  | { kind: 'venues' }
  | { kind: 'no-venue'; text: string }
  | { kind: 'no-data'; text: string };

/**
 * Whether a town without venue lacks help or lacks data: its département has venues from some
 * source, or no listing places any venue there at all.
 */
export function townDataStatus(town: MidSizedTown, coverage: Pick<Coverage, 'departements' | 'departementProvenance'>): TownDataStatus {
  const departement = coverage.departements.find((d) => d.code === town.departement);
  const name = departement?.nom ?? town.departement;
  if (!town.hasData) {
    return {
      kind: 'no-data',
      text: `Aucun fichier de lieux ne couvre ${name}, aucune source n’y publie de lieu : le score n’est donc pas calculé, et l’absence de lieu publié ne dit pas qu’aucune aide n’existe ici.`,
    };
  }
  if (town.venues > 0) return { kind: 'venues' };
  const names = (coverage.departementProvenance[town.departement]?.sources ?? []).map((s) => s.name);
  const from =
    names.length === 1
      ? `publiés par une source (${names[0]})`
      : names.length <= 3
        ? `publiés par ${plural(names.length, 'source')} (${listFr(names)})`
        : `publiés par ${plural(names.length, 'source')}`;
  const where = isOverseasCollectivity(town.departement) ? name : `le département (${name})`;
  return {
    kind: 'no-venue',
    text: `Aucun lieu n’est publié à ${town.nom}, alors que ${where} en compte ${formatInteger(departement?.venues ?? 0)}, ${from} : c’est un manque de lieux publiés ici, pas un territoire sans données.`,
  };
}

/* ------------------------------------------------------------------ département pages */

export interface DepartementCoverageView {
  figures: TerritoryCoverage;
  /** Among the départements with data; null without data. */
  ranks: Ranks | null;
  /** Its mid-sized towns, most underserved first. */
  towns: MidSizedTown[];
  /** The EPCIs with a commune in it, the largest share beyond 10 km first. */
  epcis: TerritoryCoverage[];
  /** Of the venues placed in it (none without data). */
  provenance: Provenance;
}

let ranksMemo: { coverage: Coverage; ranks: Map<string, Ranks> } | undefined;

export function departementCoverageView(code: string, coverage: Coverage): DepartementCoverageView | null {
  const figures = coverage.departements.find((d) => d.code === code);
  if (figures === undefined) return null;
  if (ranksMemo?.coverage !== coverage) ranksMemo = { coverage, ranks: territoryRanks(coverage.departements) };
  const epciCodes = new Set(coverage.communes.filter((c) => c.departement === code && c.epci !== null).map((c) => c.epci!));
  return {
    figures,
    ranks: ranksMemo.ranks.get(code) ?? null,
    towns: coverage.midSizedTowns.filter((t) => t.departement === code),
    epcis: coverage.epcis.filter((e) => epciCodes.has(e.code)).sort(byShareBeyond(10)),
    provenance: coverage.departementProvenance[code] ?? { files: 0, sources: [], firstUpdate: null, lastUpdate: null, computedAt: coverage.provenance.computedAt },
  };
}

/** « 1er », « 2e ». */
export function ordinal(rank: number): string {
  return rank === 1 ? '1er' : `${rank}e`;
}

/* ------------------------------------------------------------------ downloads */

/** The absolute address of a page of the site (`SITE_URL`), as printed pages and downloads give it. */
export function absoluteUrl(path: string): string {
  return new URL(path, siteConfig().siteUrl).href;
}

let tablesMemo: { coverage: Coverage; tables: CoverageTable[] } | undefined;

/** The coverage tables with absolute links to the site's pages, built once per build. */
export function siteCoverageTables(data: { coverage: Coverage; reference: ReferenceData; venues: readonly Venue[] }): CoverageTable[] {
  if (tablesMemo?.coverage !== data.coverage) {
    const names = new Map(data.venues.map((v) => [v.slug, v.record.nom]));
    tablesMemo = {
      coverage: data.coverage,
      tables: coverageTables(data.coverage, {
        reference: data.reference,
        townUrl: (slug) => absoluteUrl(paths.town(slug)),
        venueName: (slug) => names.get(slug),
      }),
    };
  }
  return tablesMemo.tables;
}

/** The lines that end each workbook's « Dictionnaire » sheet: where the figures come from. */
export function downloadAbout(coverage: Coverage): string[] {
  return [
    provenanceText(coverage.provenance, { maxSources: Number.POSITIVE_INFINITY }),
    `Méthode, limites et autres fichiers : ${absoluteUrl(paths.coverage())}`,
  ];
}
