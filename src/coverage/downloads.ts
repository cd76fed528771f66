/**
 * The coverage downloads: tables for spreadsheets (mid-sized towns, communes, départements, EPCIs)
 * written as CSV for a French spreadsheet and as `.xlsx`, each column documented once (name,
 * unit, meaning) for the files' dictionary; and the GeoJSON layers, which carry only what a map
 * needs (`TownFeatureProperties` is their contract with the home and coverage maps).
 *
 * The tables hold a name next to every code, units in the headers and plain numbers in the cells
 * (shares as percentages); the measures of a territory without data are left empty, with
 * `donnees_publiees` saying why.
 */
import { utils, write, type WorkSheet } from '@e965/xlsx';
import { isOverseasCollectivity } from '../common/geography.ts';
import { round } from '../common/numbers.ts';
import { FRENCH_SPREADSHEET_CSV, toCsv, type CsvCell } from '../pipeline/6-outputs/csv.ts';
import type { ReferenceData } from '../pipeline/types.ts';
import {
  DISTANCE_THRESHOLDS_KM,
  VENUE_GROUPS,
  type CommuneCoverage,
  type Coverage,
  type MidSizedTown,
  type TerritoryCoverage,
  type VenueGroup,
} from './compute.ts';

/** The properties of a mid-sized town in `villes-moyennes.geojson`. */
export interface TownFeatureProperties {
  code: string;
  nom: string;
  population: number;
  /** Null when its territory has no data. */
  score: number | null;
  underserved: boolean;
  slug: string;
  /** Whether the town is in the programme list given to the build (e.g. Action Cœur de Ville). */
  programme: boolean;
}

/* ------------------------------------------------------------------ tables */

export interface ColumnDescription {
  name: string;
  /** Unit of the numbers, or what the text holds. */
  unit: string;
  description: string;
}

interface Column<T> extends ColumnDescription {
  value: (row: T) => CsvCell;
}

export interface CoverageTable {
  /** File name under `/donnees/`, without extension. */
  file: string;
  /** What one row is, for the page and the dictionary (« Villes moyennes »). */
  title: string;
  /** Sheet name in the `.xlsx` (at most 31 characters). */
  sheet: string;
  columns: ColumnDescription[];
  rows: CsvCell[][];
}

/** What the tables need beyond the coverage: names of the territories and venues, pages of the towns. */
export interface TableContext {
  reference: Pick<ReferenceData, 'departements' | 'regions' | 'epcis'>;
  /** Absolute URL of a mid-sized town's page. */
  townUrl: (slug: string) => string;
  /** A venue's name, by its slug. */
  venueName: (slug: string) => string | undefined;
}

const yesNo = (value: boolean): string => (value ? 'oui' : 'non');
const percent = (share: number): number => round(share * 100, 2);

const EPCI_TYPES: Record<string, string> = {
  CC: 'communauté de communes',
  CA: 'communauté d’agglomération',
  CU: 'communauté urbaine',
  METRO: 'métropole',
  MET69: 'Métropole de Lyon',
};

const GROUP_NAMES: Record<VenueGroup, string> = {
  'france-services': 'France Services',
  bibliotheque: 'bibliothèques et médiathèques',
  public: 'services publics locaux (mairies, CCAS, départements…)',
  association: 'associations, centres sociaux, tiers-lieux',
  organisme: 'organismes (CAF, CPAM, France Travail, La Poste…)',
  autre: 'autres lieux',
};

function names(context: TableContext) {
  const departements = new Map(context.reference.departements.map((d) => [d.code, d.nom]));
  const regions = new Map(context.reference.regions.map((r) => [r.code, r.nom]));
  const epcis = new Map(context.reference.epcis.map((e) => [e.code, e]));
  return {
    departement: (code: string | null): string | null => (code === null ? null : (departements.get(code) ?? null)),
    region: (code: string | null): string | null => (code === null ? null : (regions.get(code) ?? null)),
    epci: (code: string | null): string | null => (code === null ? null : (epcis.get(code)?.nom ?? null)),
    epciType: (code: string): string | null => {
      const type = epcis.get(code)?.type;
      return type === undefined ? null : (EPCI_TYPES[type] ?? type);
    },
  };
}

const DATA_COLUMN = {
  name: 'donnees_publiees',
  unit: 'oui / non',
  description:
    'non quand aucun lieu publié n’est placé dans le département (pas même par son code postal) : aucun fichier ne couvre ce territoire, ses mesures sont laissées vides.',
};

/** The code and name columns of a territory's département and région. */
function placeColumns<T>(n: ReturnType<typeof names>, place: (row: T) => { departement: string | null; region: string | null }, note = ''): Array<Column<T>> {
  return [
    { name: 'code_departement', unit: 'code', description: `Code du département${note} (COG).`, value: (r) => place(r).departement },
    { name: 'departement', unit: 'texte', description: `Nom du département${note}.`, value: (r) => n.departement(place(r).departement) },
    {
      name: 'code_region',
      unit: 'code',
      description: `Code de la région${note} (COG ; pour une collectivité d’outre-mer, son propre code).`,
      value: (r) => place(r).region,
    },
    { name: 'region', unit: 'texte', description: `Nom de la région${note}, ou de la collectivité d’outre-mer.`, value: (r) => n.region(place(r).region) },
  ];
}

/** What a mid-sized town and a commune have in common. */
type CommuneLike = Pick<CommuneCoverage, 'code' | 'nom' | 'departement' | 'region' | 'epci' | 'population' | 'venues' | 'venuesPer10k' | 'nearestKm' | 'hasData'>;

/** The columns of a commune's identity and first measures; `name` heads its name column. */
function communeColumns<T extends CommuneLike>(n: ReturnType<typeof names>, name: string): Array<Column<T>> {
  return [
    { name: 'code_insee', unit: 'code', description: 'Code INSEE de la commune (COG en vigueur).', value: (c) => c.code },
    { name, unit: 'texte', description: 'Nom de la commune.', value: (c) => c.nom },
    ...placeColumns<T>(n, (c) => c),
    { name: 'code_epci', unit: 'code', description: 'SIREN de l’intercommunalité (EPCI à fiscalité propre) ; vide hors EPCI.', value: (c) => c.epci },
    { name: 'epci', unit: 'texte', description: 'Nom de l’intercommunalité.', value: (c) => n.epci(c.epci) },
    { name: 'population', unit: 'habitants', description: 'Population municipale INSEE en vigueur.', value: (c) => c.population },
    { name: 'lieux', unit: 'lieux', description: 'Lieux publiés dans la commune (ses arrondissements compris).', value: (c) => c.venues },
    {
      name: 'lieux_pour_10000_habitants',
      unit: 'lieux pour 10 000 habitants',
      description: 'Lieux publiés dans la commune rapportés à sa population.',
      value: (c) => (c.hasData ? c.venuesPer10k : null),
    },
  ];
}

function distanceColumn<T extends CommuneLike>(): Column<T> {
  return {
    name: 'distance_lieu_le_plus_proche_km',
    unit: 'km',
    description: 'Distance à vol d’oiseau du point de la commune au lieu publié le plus proche, dans la commune ou ailleurs ; vide si aucun lieu n’est placé.',
    value: (c) => c.nearestKm,
  };
}

/** Columns of the measures every territory has: population, venues, distances, mid-sized towns. */
function territoryMeasureColumns(): Array<Column<TerritoryCoverage>> {
  const measured = (t: TerritoryCoverage, value: number): number | null => (t.hasData ? value : null);
  return [
    { name: 'communes', unit: 'communes', description: 'Communes du territoire (COG en vigueur).', value: (t) => t.communes },
    { name: 'population', unit: 'habitants', description: 'Population municipale INSEE en vigueur.', value: (t) => t.population },
    { name: 'lieux', unit: 'lieux', description: 'Lieux publiés dans les communes du territoire.', value: (t) => t.venues },
    {
      name: 'lieux_pour_10000_habitants',
      unit: 'lieux pour 10 000 habitants',
      description: 'Lieux publiés rapportés à la population.',
      value: (t) => measured(t, t.venuesPer10k),
    },
    ...DISTANCE_THRESHOLDS_KM.flatMap((km, i): Array<Column<TerritoryCoverage>> => [
      {
        name: `population_a_plus_de_${km}_km`,
        unit: 'habitants',
        description: `Habitants des communes dont le lieu publié le plus proche est à plus de ${km} km à vol d’oiseau.`,
        value: (t) => measured(t, t.populationBeyondKm[i]!),
      },
      {
        name: `pourcentage_population_a_plus_de_${km}_km`,
        unit: '% de la population',
        description: `La même population, en pourcentage de celle du territoire.`,
        value: (t) => measured(t, percent(t.shareBeyondKm[i]!)),
      },
    ]),
    ...VENUE_GROUPS.map(
      (group): Column<TerritoryCoverage> => ({
        name: `lieux_${group.replace(/-/g, '_')}`,
        unit: 'lieux',
        description: `Lieux publiés du type « ${GROUP_NAMES[group]} » (chaque lieu compte dans un seul type).`,
        value: (t) => t.groups[group],
      }),
    ),
    { name: 'villes_moyennes', unit: 'villes', description: 'Villes moyennes du territoire (voir la méthode).', value: (t) => t.midSizedTowns },
    {
      name: 'villes_moyennes_sous_equipees',
      unit: 'villes',
      description: 'Celles qui n’ont aucun lieu, ou moins de la moitié de la médiane des villes moyennes en lieux pour 10 000 habitants.',
      value: (t) => measured(t, t.underservedMidSizedTowns),
    },
    { name: 'sources', unit: 'sources', description: 'Sources (producteurs de données) ayant publié au moins un lieu dans le territoire.', value: (t) => t.sources },
    { ...DATA_COLUMN, value: (t) => yesNo(t.hasData) },
  ];
}

function table<T>(meta: Omit<CoverageTable, 'columns' | 'rows'>, columns: ReadonlyArray<Column<T>>, rows: readonly T[]): CoverageTable {
  return {
    ...meta,
    columns: columns.map(({ name, unit, description }) => ({ name, unit, description })),
    rows: rows.map((row) => columns.map((column) => column.value(row))),
  };
}

export function townsTable(coverage: Coverage, context: TableContext): CoverageTable {
  const n = names(context);
  const { options } = coverage;
  const programme = options.programmeTownCount > 0;
  const measured = <T>(t: MidSizedTown, value: T): T | null => (t.hasData ? value : null);
  const columns: Array<Column<MidSizedTown>> = [
    ...communeColumns<MidSizedTown>(n, 'ville'),
    {
      name: 'rapport_a_la_mediane',
      unit: 'rapport (1 = médiane)',
      description: `Lieux pour 10 000 habitants divisés par la médiane des villes moyennes avec données (${String(coverage.midSizedMedianPer10k).replace('.', ',')}).`,
      value: (t) => t.densityRatio,
    },
    distanceColumn<MidSizedTown>(),
    {
      name: 'score_sous_equipement',
      unit: 'score de 0 à 100',
      description: '0 = bien équipée, 100 = la moins équipée (voir la méthode) ; vide sans données.',
      value: (t) => t.score,
    },
    { name: 'sous_equipee', unit: 'oui / non', description: 'Aucun lieu, ou moins de la moitié de la médiane des villes moyennes.', value: (t) => measured(t, yesNo(t.underserved)) },
    {
      name: 'programme',
      unit: 'oui / non',
      description: programme
        ? `Commune du programme ${options.programmeName}.`
        : `Appartenance au programme ${options.programmeName} : vide, aucune liste de ses communes n’ayant été fournie.`,
      value: (t) => (programme ? yesNo(t.programme) : null),
    },
    { name: 'latitude', unit: 'degrés (WGS 84)', description: 'Point de la ville d’où partent les distances.', value: (t) => round(t.lat, 5) },
    { name: 'longitude', unit: 'degrés (WGS 84)', description: 'Point de la ville d’où partent les distances.', value: (t) => round(t.lon, 5) },
    { name: 'source_du_point', unit: 'texte', description: POINT_SOURCE_DESCRIPTION, value: (t) => t.point },
    { ...DATA_COLUMN, value: (t) => yesNo(t.hasData) },
    { name: 'page', unit: 'adresse web', description: 'Page de la ville sur ce site.', value: (t) => context.townUrl(t.slug) },
  ];
  return table({ file: 'villes-moyennes', title: 'Villes moyennes', sheet: 'Villes moyennes' }, columns, coverage.midSizedTowns);
}

const POINT_SOURCE_DESCRIPTION =
  'Origine du point de la commune : geonames (centre de la commune selon GeoNames), ign-2018 (point intérieur à ses contours de 2018), ign-2018-ancien-code (celui d’une ancienne commune), ign-2018-rattachement (celui de la commune dont elle faisait partie), voisine-code-postal (celui d’une commune voisine de même code postal).';

export function communesTable(coverage: Coverage, context: TableContext): CoverageTable {
  const n = names(context);
  const columns: Array<Column<CommuneCoverage>> = [
    ...communeColumns<CommuneCoverage>(n, 'commune'),
    distanceColumn<CommuneCoverage>(),
    {
      name: 'lieu_le_plus_proche',
      unit: 'texte',
      description: 'Nom de ce lieu.',
      value: (c) => (c.nearestSlug === null ? null : (context.venueName(c.nearestSlug) ?? null)),
    },
    { name: 'source_du_point', unit: 'texte', description: POINT_SOURCE_DESCRIPTION, value: (c) => c.point },
    { ...DATA_COLUMN, value: (c) => yesNo(c.hasData) },
  ];
  return table({ file: 'couverture-communes', title: 'Communes', sheet: 'Communes' }, columns, coverage.communes);
}

export function departementsTable(coverage: Coverage, context: TableContext): CoverageTable {
  const n = names(context);
  const columns: Array<Column<TerritoryCoverage>> = [
    { name: 'code_departement', unit: 'code', description: 'Code du département (COG).', value: (d) => d.code },
    { name: 'departement', unit: 'texte', description: 'Nom du département.', value: (d) => d.nom },
    {
      name: 'statut',
      unit: 'texte',
      description: 'département, ou collectivité d’outre-mer (Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin), qui n’est ni un département ni une région.',
      value: (d) => (isOverseasCollectivity(d.code) ? 'collectivité d’outre-mer' : 'département'),
    },
    { name: 'code_region', unit: 'code', description: 'Code de la région (COG ; pour une collectivité d’outre-mer, son propre code).', value: (d) => d.region },
    { name: 'region', unit: 'texte', description: 'Nom de la région, ou de la collectivité d’outre-mer.', value: (d) => n.region(d.region) },
    ...territoryMeasureColumns(),
  ];
  return table({ file: 'couverture-departements', title: 'Départements', sheet: 'Départements' }, columns, coverage.departements);
}

export function epcisTable(coverage: Coverage, context: TableContext): CoverageTable {
  const n = names(context);
  const columns: Array<Column<TerritoryCoverage>> = [
    { name: 'code_epci', unit: 'code', description: 'SIREN de l’intercommunalité (EPCI à fiscalité propre).', value: (e) => e.code },
    { name: 'epci', unit: 'texte', description: 'Nom de l’intercommunalité.', value: (e) => e.nom },
    { name: 'type_epci', unit: 'texte', description: 'Communauté de communes, d’agglomération, urbaine, ou métropole.', value: (e) => n.epciType(e.code) },
    ...placeColumns<TerritoryCoverage>(n, (e) => e, ' de sa commune la plus peuplée'),
    ...territoryMeasureColumns(),
  ];
  return table({ file: 'couverture-epci', title: 'Intercommunalités (EPCI)', sheet: 'Intercommunalités' }, columns, coverage.epcis);
}

/** Every coverage table, in the order the page lists them. */
export function coverageTables(coverage: Coverage, context: TableContext): CoverageTable[] {
  return [townsTable(coverage, context), departementsTable(coverage, context), epcisTable(coverage, context), communesTable(coverage, context)];
}

/* ------------------------------------------------------------------ files */

/** A table as CSV for a French spreadsheet: `;`, decimal comma, UTF-8 with a byte order mark. */
export function tableCsv(table: CoverageTable): string {
  return toCsv(
    table.columns.map((c) => c.name),
    table.rows,
    FRENCH_SPREADSHEET_CSV,
  );
}

export const DICTIONARY_FILE = 'dictionnaire-couverture';

/** One row per column of every table: file, column, unit, meaning. */
export function dictionaryCsv(tables: readonly CoverageTable[]): string {
  return toCsv(
    ['fichier', 'colonne', 'unite', 'description'],
    tables.flatMap((t) => t.columns.map((c) => [`${t.file}.csv`, c.name, c.unit, c.description])),
    FRENCH_SPREADSHEET_CSV,
  );
}

/** A sheet whose columns are as wide as their longest value (up to a limit), its header row frozen. */
function sheet(rows: readonly CsvCell[][], maxWidth: number): WorkSheet {
  const worksheet = utils.aoa_to_sheet(rows as CsvCell[][], { dense: true });
  const widths: number[] = [];
  for (const row of rows.slice(0, 200)) {
    row.forEach((cell, i) => {
      widths[i] = Math.min(maxWidth, Math.max(widths[i] ?? 6, String(cell ?? '').length + 2));
    });
  }
  worksheet['!cols'] = widths.map((wch) => ({ wch }));
  return worksheet;
}

/**
 * The table as an `.xlsx` workbook: the data sheet (numbers as numbers, codes as text, so that
 * `01004` keeps its zero), then « Dictionnaire »: each column's unit and meaning, then where the
 * data come from (`about`, one line each). Text cells are stored as text, never as formulas.
 */
export function tableXlsx(table: CoverageTable, about: readonly string[], computedAt: string): Uint8Array<ArrayBuffer> {
  const workbook = utils.book_new();
  utils.book_append_sheet(workbook, sheet([table.columns.map((c) => c.name), ...table.rows], 40), table.sheet);
  const dictionary: CsvCell[][] = [
    ['colonne', 'unité', 'description'],
    ...table.columns.map((c) => [c.name, c.unit, c.description]),
    [],
    ...about.map((line) => [line]),
  ];
  utils.book_append_sheet(workbook, sheet(dictionary, 100), 'Dictionnaire');
  // The workbook's own dates are the computation's, so that two builds of the same data give the same file.
  const date = new Date(computedAt);
  workbook.Props = { Title: table.title, CreatedDate: date, ModifiedDate: date };
  return new Uint8Array(write(workbook, { type: 'array', bookType: 'xlsx', compression: true, bookSST: true }) as ArrayBuffer);
}

/* ------------------------------------------------------------------ map layers */

/** Mid-sized towns as points, with only what a map layer needs (the home map reads it too). */
export function townsGeoJson(coverage: Coverage): GeoJSON.FeatureCollection<GeoJSON.Point, TownFeatureProperties> {
  return {
    type: 'FeatureCollection',
    features: coverage.midSizedTowns.map((t) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [round(t.lon, 5), round(t.lat, 5)] },
      properties: {
        code: t.code,
        nom: t.nom,
        population: t.population,
        score: t.score,
        underserved: t.underserved,
        slug: t.slug,
        programme: t.programme,
      },
    })),
  };
}

export function hexagonsGeoJson(coverage: Coverage): GeoJSON.FeatureCollection<GeoJSON.Polygon> {
  return {
    type: 'FeatureCollection',
    features: coverage.hexagons.map((h) => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [h.ring] },
      properties: { population: h.population, venues: h.venues, inhabitantsPerVenue: h.inhabitantsPerVenue },
    })),
  };
}
