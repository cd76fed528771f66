/**
 * The demonstration dataset: fictitious venues in the standard's v1 format, spread over real
 * communes roughly by population, split into files the way real producers send them (one per
 * région from a regional network, plus a national-programme file that lists some venues again
 * under slightly different names), with the defects real files have and a few deliberate bad
 * rows so the report, the geocoder, the deduplication and the site's escaping all have work.
 *
 * Everything is drawn from one seeded generator, so the same reference data, seed and date
 * give byte-identical files. Contact data is fictitious on purpose: phone numbers come from
 * the ranges the French numbering plan reserves for fiction (ARCEP, plan national de
 * numérotation, § 2.5.12), e-mails and websites are at `example.org`.
 */
import Papa from 'papaparse';
import { demoSource } from '../../src/pipeline/demo-marker.ts';
import proj4 from 'proj4';
import { selectMidSizedTowns } from '../../src/coverage/compute.ts';
import { COLUMNS, FIELDS, LIST_SEPARATOR } from '../../src/pipeline/schema.ts';
import type { Column } from '../../src/pipeline/schema.ts';
import type { Commune, ReferenceData } from '../../src/pipeline/types.ts';
import { slugify } from '../../src/common/text.ts';
import {
  term,
  vocabulary,
  SERVICE,
  PROGRAMME,
  NO_PUBLIC,
  ONLINE_BOOKING,
  STREETS,
  COMPLEMENTS,
  RESUMES,
  DETAILS,
  drawHours,
  type Place,
  type Kind,
  ofCommune,
  KINDS,
  FICTION_PHONE_PREFIXES,
  PHONE_AREA,
} from './tables.ts';
import { createRandom, jitterPoint, weightedPicker, type Random } from './random.ts';

export interface DemoOptions {
  /** Seed of the pseudo-random generator. */
  seed: number;
  /** Number of distinct fictitious venues (before national duplicates and the escaping test row). */
  venues: number;
  /** The day the data is "exported" (`YYYY-MM-DD`): update dates go back three years from it. */
  asOf: string;
  /** Share of venues listed again in the national-programme file. */
  duplicateShare: number;
  /** Mid-sized towns (20,000–100,000 inhabitants) left without any venue, to show coverage gaps. */
  gapTowns: number;
}

export const DEFAULT_DEMO_OPTIONS: DemoOptions = {
  seed: 20261115,
  venues: 10_000,
  // Fixed rather than "today" so that regenerating gives the same bytes; move it forward when
  // refreshing the demo so that most update dates stay recent.
  asOf: '2026-11-15',
  duplicateShare: 0.03,
  gapTowns: 8,
};

/** A row put in on purpose to exercise one kind of problem, listed in the demo's notes. */
export interface DeliberateProblem {
  file: string;
  line: number;
  id: string;
  /** What is wrong, in French, for `LISEZMOI.md`. */
  description: string;
}

export interface DemoFile {
  name: string;
  content: string;
  rows: number;
}

export interface DemoDataset {
  files: DemoFile[];
  /** Rows in all files. */
  rows: number;
  /** Rows of the national file that repeat a regional venue. */
  duplicates: number;
  problems: DeliberateProblem[];
  /** The mid-sized towns given no venue. */
  gapTowns: Array<{ code: string; nom: string; population: number }>;
}

/* ------------------------------------------------------------------ vocabulary */

function drawPhone(random: Random, region: string): string {
  const prefix = FICTION_PHONE_PREFIXES[random.chance(0.1) ? 'mobile' : (PHONE_AREA[region] ?? 'mobile')]!;
  const end = `${String(random.int(100)).padStart(2, '0')} ${String(random.int(100)).padStart(2, '0')}`;
  const national = `${prefix} ${end}`;
  const style = random.next();
  if (style < 0.65) return national;
  const digits = national.replace(/ /g, '');
  if (style < 0.8) return `+33${digits.slice(1)}`;
  if (style < 0.9) return `+33 ${national.slice(1)}`;
  return national.replace(/ /g, '.');
}

/** A 14-digit number whose Luhn check digit is right, as SIRETs have; starts with 99 to look made up. */
function drawSiret(random: Random): string {
  let body = '99';
  while (body.length < 13) body += String(random.int(10));
  for (let check = 0; check < 10; check++) {
    const candidate = body + check;
    let sum = 0;
    for (let i = 0; i < 14; i++) {
      let digit = Number(candidate[13 - i]);
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable: one check digit always satisfies Luhn');
}

function drawPivot(random: Random, kind: Kind, departement: string): string {
  if (random.chance(0.05)) return '00000000000000';
  if (kind.typologies[0]!.includes(term('typologie', 'ASSO')) && random.chance(0.7)) {
    return `W${departement.padStart(3, '0').slice(0, 3)}${String(random.int(1_000_000)).padStart(6, '0')}`;
  }
  return drawSiret(random);
}

function hex(random: Random, length: number): string {
  let out = '';
  while (out.length < length) out += random.int(16).toString(16);
  return out;
}

/* ------------------------------------------------------------------ coordinates */

const LAMBERT_93 =
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

const coordinate = (value: number): string => value.toFixed(6);

/** How spread out a commune's venues are: a few hundred metres in a village, a few km in a city. */
function spreadMetres(population: number): number {
  return Math.min(4_000, 300 + Math.sqrt(population) * 8);
}

/* ------------------------------------------------------------------ dates and helpers */

function shiftDate(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** ASCII words joined by `-`, capitals kept: `Provence-Alpes-Cote-d-Azur`, for file names. */
function territoryName(nom: string): string {
  return nom
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const list = (values: readonly string[]): string => values.join(LIST_SEPARATOR);

type Row = Record<Column, string>;

function emptyRow(): Row {
  return Object.fromEntries(COLUMNS.map((column) => [column, ''])) as Row;
}

/* ------------------------------------------------------------------ the generator */

interface RegionalFile {
  regionCode: string;
  name: string;
  rows: Row[];
}

export function generateDemo(reference: ReferenceData, options: DemoOptions = DEFAULT_DEMO_OPTIONS): DemoDataset {
  const random = createRandom(options.seed);
  const regionNames = new Map(reference.regions.map((region) => [region.code, region.nom]));
  const arrondissementsOf = new Map<string, Commune[]>();
  for (const commune of reference.communes) {
    if (commune.parent === undefined) continue;
    const siblings = arrondissementsOf.get(commune.parent) ?? [];
    siblings.push(commune);
    arrondissementsOf.set(commune.parent, siblings);
  }
  const staleCodesOf = new Map<string, string[]>();
  for (const [stale, current] of Object.entries(reference.anciensCodes)) {
    // Pre-1976 Corsican codes (20xxx) no longer fit the standard's pattern: a producer cannot send them.
    if (!FIELDS.code_insee.pattern.test(stale)) continue;
    const codes = staleCodesOf.get(current) ?? [];
    codes.push(stale);
    staleCodesOf.set(current, codes);
  }

  const gapTowns = chooseGapTowns(reference.communes, random, options.gapTowns);
  const gapCodes = new Set(gapTowns.map((town) => town.code));
  // Metropolitan France and the five DROM (two-digit région codes): the territories the standard
  // and the geocoder cover; overseas collectivities (975, 977, 978) are left out.
  const candidates = reference.communes.filter(
    (commune) =>
      commune.parent === undefined && commune.population > 0 && commune.region.length === 2 && !gapCodes.has(commune.code),
  );
  const pickCommune = weightedPicker(candidates, (commune) => commune.population);

  const placeIn = (commune: Commune): Place => {
    const arrondissements = arrondissementsOf.get(commune.code);
    const located = arrondissements === undefined ? commune : random.pick(arrondissements);
    const staleCodes = staleCodesOf.get(commune.code);
    let codeInsee = '';
    if (staleCodes !== undefined && random.chance(0.05)) codeInsee = random.pick(staleCodes);
    else if (random.chance(0.6)) codeInsee = random.chance(0.5) ? located.code : commune.code;
    return {
      commune,
      nom: commune.nom,
      codePostal: random.pick(located.codesPostaux.length > 0 ? located.codesPostaux : commune.codesPostaux),
      codeInsee,
      lat: located.lat,
      lon: located.lon,
    };
  };

  const files = new Map<string, RegionalFile>();
  const fileFor = (regionCode: string): RegionalFile => {
    let file = files.get(regionCode);
    if (file === undefined) {
      const exported = shiftDate(options.asOf, -random.int(45));
      const territory = territoryName(regionNames.get(regionCode) ?? `Region-${regionCode}`);
      file = {
        regionCode,
        name: `${exported}_${drawSiret(random)}_lieux-de-mediation-numerique_${territory}.csv`,
        rows: [],
      };
      files.set(regionCode, file);
    }
    return file;
  };

  // Regions in a fixed order so file names (drawn from the generator) do not depend on the
  // order in which venues happen to reach them.
  for (const region of [...reference.regions].sort((a, b) => (a.code < b.code ? -1 : 1))) fileFor(region.code);

  const venues: Row[] = [];
  for (let i = 0; i < options.venues; i++) {
    const commune = pickCommune(random);
    const row = drawVenue(random, placeIn(commune), options.asOf);
    fileFor(commune.region).rows.push(row);
    venues.push(row);
  }

  spoilCoordinates(random, venues);

  const national = venues
    .filter(() => random.chance(options.duplicateShare))
    .map((row) => nationalVariant(random, row, options.asOf));

  const problems = injectProblems(random, files, candidates, options.asOf);

  const output: DemoFile[] = [];
  for (const file of [...files.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (file.rows.length === 0) continue;
    assignIds(file.rows, `lieu-${file.regionCode}-`);
    // One producer per file, as real regional networks are: their rows are compared with the other files'.
    const source = demoSource(`réseau ${regionNames.get(file.regionCode) ?? file.regionCode}`);
    for (const row of file.rows) row.source = source;
    output.push(serialize(file.name, file.rows));
  }
  const nationalName = `${shiftDate(options.asOf, -3)}_${drawSiret(random)}_lieux-de-mediation-numerique_France.csv`;
  for (const row of national) row.source = demoSource('programme national');
  output.push(serialize(nationalName, national));

  return {
    files: output,
    rows: output.reduce((sum, file) => sum + file.rows, 0),
    duplicates: national.length,
    problems: locateProblems(problems, files, output),
    gapTowns: gapTowns.map(({ code, nom, population }) => ({ code, nom, population })),
  };
}

/**
 * A few rows with the coordinate mistakes real files have: swapped columns, as spreadsheets
 * sometimes export them, and Lambert-93 metres in the WGS84 columns, as some GIS exports do.
 * Metropolitan rows only: Lambert-93 does not cover the DROM.
 */
function spoilCoordinates(random: Random, venues: readonly Row[]): void {
  const metropolitan = venues.filter((row) => row.latitude !== '' && !row.code_postal.startsWith('97'));
  const [first, second, ...swapped] = random.some(metropolitan, 8, 8);
  for (const row of swapped) [row.latitude, row.longitude] = [row.longitude, row.latitude];
  for (const row of [first, second]) {
    if (row === undefined) continue;
    const [x, y] = proj4('EPSG:4326', LAMBERT_93, [Number(row.longitude), Number(row.latitude)]) as [number, number];
    row.longitude = x.toFixed(1);
    row.latitude = y.toFixed(1);
  }
}

/**
 * Mid-sized towns by the coverage page's default definition (20,000–100,000 inhabitants, main
 * commune of its EPCI), so that the page shows them, spread over distinct metropolitan régions.
 */
function chooseGapTowns(communes: readonly Commune[], random: Random, count: number): Commune[] {
  const midSized = selectMidSizedTowns(communes, { midSizedMin: 20_000, midSizedMax: 100_000, mainCommuneOfEpci: true });
  const eligible = communes
    .filter((c) => midSized.has(c.code) && c.region.length === 2 && !c.departement.startsWith('97'))
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  const chosen: Commune[] = [];
  const regions = new Set<string>();
  for (let attempts = 0; chosen.length < count && attempts < 10_000 && eligible.length > 0; attempts++) {
    const town = random.pick(eligible);
    if (regions.has(town.region)) continue;
    regions.add(town.region);
    chosen.push(town);
  }
  return chosen;
}

function drawVenue(random: Random, place: Place, asOf: string): Row {
  const population = place.commune.population;
  const kind = weightedPicker(KINDS, (k) => (population >= k.minPopulation ? k.weight : k.weight * 0.05))(random);
  const row = emptyRow();
  row.pivot = drawPivot(random, kind, place.commune.departement);
  row.nom = random.pick(kind.names)(place, random);
  row.commune = random.chance(0.08) ? place.nom.toUpperCase() : place.nom;
  row.code_postal = place.codePostal;
  row.code_insee = place.codeInsee;
  row.adresse = `${1 + random.int(120)}${random.chance(0.05) ? ' bis' : ''} ${random.pick(STREETS)}`;
  if (random.chance(0.1)) row.complement_adresse = random.pick(COMPLEMENTS);

  const point = jitterPoint(random, place.lat, place.lon, spreadMetres(population));
  if (random.chance(0.9)) {
    row.latitude = coordinate(point.lat);
    row.longitude = coordinate(point.lon);
  }

  row.typologie = list(random.pick(kind.typologies));
  const communeSlug = slugify(place.nom, 30);
  const slug = `${communeSlug}/${slugify(row.nom, 40)}`;
  const mailbox = `${slugify(row.nom.split(' ')[0] ?? 'contact', 20)}.${communeSlug}`;
  if (random.chance(0.65)) row.telephone = drawPhone(random, place.commune.region);
  if (random.chance(0.6)) {
    row.courriels = random.chance(0.08) ? `${mailbox}@example.org|accueil.${mailbox}@example.org` : `${mailbox}@example.org`;
  }
  if (random.chance(0.4)) row.site_web = `https://example.org/${slug}`;
  row.horaires = drawHours(random, kind.library === true);
  if (random.chance(0.25)) row.presentation_resume = random.pick(kind.resumes);
  if (random.chance(0.08)) {
    const sentences = random.some(DETAILS, 2, 3);
    row.presentation_detail = sentences.join(random.chance(0.1) ? '\n' : ' ');
  }
  if (random.chance(0.6)) row.itinerance = random.chance(0.05) ? list(vocabulary('itinerance')) : term('itinerance', 'Fixe');
  if (random.chance(0.15) && population > 0) row.structure_parente = `Commune ${ofCommune(place.nom)}`;
  // Skewed towards recent updates: about a third are more than a year old.
  row.date_maj = shiftDate(asOf, -Math.floor(1095 * random.next() ** 3));

  const services = new Set([...random.some(kind.services, 1, kind.services.length), ...random.some(vocabulary('services'), 0, 1)]);
  row.services = list(vocabulary('services').filter((service) => services.has(service)));
  if (random.chance(0.4)) row.publics_specifiquement_adresses = list(random.some(vocabulary('publics_specifiquement_adresses'), 1, 2));
  if (random.chance(0.2)) row.prise_en_charge_specifique = list(random.some(vocabulary('prise_en_charge_specifique'), 1, 2));
  const fees = random.next();
  if (fees < 0.7) row.frais_a_charge = term('frais_a_charge', 'Gratuit');
  else if (fees < 0.85) row.frais_a_charge = term('frais_a_charge', 'Gratuit sous condition');
  else if (fees < 0.9) row.frais_a_charge = list([term('frais_a_charge', 'Gratuit'), term('frais_a_charge', 'Payant')]);
  else if (fees < 0.93) row.frais_a_charge = term('frais_a_charge', 'Payant');

  const programmes = new Set(kind.programmes);
  if (random.chance(0.25)) programmes.add(PROGRAMME.conseillers);
  if (random.chance(0.08)) programmes.add(PROGRAMME.aidantsConnect);
  if (random.chance(0.03)) programmes.add(PROGRAMME.pix);
  if (kind.library === true && random.chance(0.1)) programmes.add(PROGRAMME.bnr);
  row.dispositif_programmes_nationaux = list(vocabulary('dispositif_programmes_nationaux').filter((p) => programmes.has(p)));
  if (random.chance(0.05)) row.formations_labels = random.pick(vocabulary('formations_labels'));
  if (population < 2_000 && random.chance(0.1)) row.autres_formations_labels = 'FRR';
  else if (population > 20_000 && random.chance(0.08)) row.autres_formations_labels = 'QPV';

  if (random.chance(0.15)) row.prise_rdv = `https://example.org/rendez-vous/${slug}`;
  // Acceslibre pages are the only accessibility pages the standard links to (the validator checks it).
  if (random.chance(0.12)) row.fiche_acces_libre = `https://acceslibre.beta.gouv.fr/app/${slug}/`;
  if (random.chance(0.01)) {
    row.modalites_acces = NO_PUBLIC;
  } else if (random.chance(0.75)) {
    const access = random.some(vocabulary('modalites_acces').filter((a) => a !== NO_PUBLIC && a !== ONLINE_BOOKING), 1, 2);
    if (row.prise_rdv !== '') access.push(ONLINE_BOOKING);
    row.modalites_acces = list(vocabulary('modalites_acces').filter((a) => access.includes(a)));
  }
  if (random.chance(0.7)) row.modalites_accompagnement = list(random.some(vocabulary('modalites_accompagnement'), 1, 2));
  return row;
}

const ADDRESS_ABBREVIATIONS: ReadonlyArray<[RegExp, string]> = [
  [/\brue\b/, 'R'],
  [/\bavenue\b/, 'AV'],
  [/\bboulevard\b/, 'BD'],
  [/\bplace\b/, 'PL'],
  [/\bchemin\b/, 'CHE'],
  [/\ballée\b/, 'ALL'],
];

/**
 * The same venue as a national programme lists it: its own id, the name and address typed
 * differently, the point a few dozen metres away (or missing), the programme added.
 */
function nationalVariant(random: Random, row: Row, asOf: string): Row {
  const variant: Row = { ...row, id: `cn-${hex(random, 24)}` };
  const nameStyle = random.int(4);
  if (nameStyle === 0) variant.nom = row.nom.toUpperCase();
  else if (nameStyle === 1) variant.nom = `${row.nom} - Conseiller numérique`;
  else if (nameStyle === 2) variant.nom = row.nom.replace(/ (de|du|des|d’)( |(?=[A-Z]))/, ' ').replace(/  +/g, ' ');
  else variant.nom = `${row.nom} (permanence numérique)`;
  let address = row.adresse;
  for (const [pattern, abbreviation] of ADDRESS_ABBREVIATIONS) address = address.replace(pattern, abbreviation);
  variant.adresse = random.chance(0.5) ? address.toUpperCase() : address.replace(' bis', '');
  variant.commune = row.commune.toUpperCase();
  if (row.latitude !== '' && Math.abs(Number(row.latitude)) <= 90 && random.chance(0.8)) {
    const point = jitterPoint(random, Number(row.latitude), Number(row.longitude), 60);
    variant.latitude = coordinate(point.lat);
    variant.longitude = coordinate(point.lon);
  } else {
    variant.latitude = '';
    variant.longitude = '';
  }
  const programmes = new Set([...row.dispositif_programmes_nationaux.split(LIST_SEPARATOR), PROGRAMME.conseillers]);
  variant.dispositif_programmes_nationaux = list(vocabulary('dispositif_programmes_nationaux').filter((p) => programmes.has(p)));
  variant.date_maj = shiftDate(asOf, -random.int(400));
  variant.presentation_detail = '';
  return variant;
}

/* ------------------------------------------------------------------ deliberate problems */

interface PendingProblem {
  regionCode: string;
  row: Row;
  description: string;
}

/** The row with `<script>` and friends in every text field, to test escaping on real builds. */
function escapingTestRow(random: Random, place: Place, asOf: string): Row {
  const script = '<script>alert(1)</script>';
  const image = '"><img src=x onerror=alert(1)>';
  const row = drawVenue(random, place, asOf);
  row.nom = `${script} Espace ${image}`;
  row.adresse = `1 rue ${image}`;
  row.complement_adresse = '=HYPERLINK("https://example.org/piege","Cliquez ici")';
  row.commune = place.nom;
  row.telephone = '';
  row.courriels = `"${image}"@example.org`;
  row.site_web = 'javascript:alert(1)';
  row.prise_rdv = 'javascript:alert(1)';
  row.fiche_acces_libre = 'javascript:alert(document.cookie)';
  row.presentation_resume = `${script} ${image}`;
  row.presentation_detail = `=HYPERLINK("https://example.org/piege","x") <a href="javascript:alert(1)">lien</a> ${script}`;
  row.structure_parente = `+cmd|' /C calc'!A0 ${image}`;
  row.autres_formations_labels = list([script, '=1+1', '@SUM(A1:A2)']);
  return row;
}

function injectProblems(
  random: Random,
  files: Map<string, RegionalFile>,
  candidates: readonly Commune[],
  asOf: string,
): Array<PendingProblem & { file: RegionalFile }> {
  const pending: PendingProblem[] = [];
  const regionOf = (code: string): Commune[] => candidates.filter((commune) => commune.region === code);
  /** A fresh valid venue in the région's biggest communes, then spoiled by `spoil`. */
  const spoiled = (regionCode: string, description: string, spoil: (row: Row) => void): void => {
    const communes = regionOf(regionCode).sort((a, b) => b.population - a.population).slice(0, 20);
    if (communes.length === 0) return;
    const commune = random.pick(communes);
    const row = drawVenue(random, { commune, nom: commune.nom, codePostal: commune.codesPostaux[0] ?? '', codeInsee: commune.code, lat: commune.lat, lon: commune.lon }, asOf);
    spoil(row);
    pending.push({ regionCode, row, description });
  };

  spoiled('84', 'nom manquant', (row) => (row.nom = ''));
  spoiled('84', 'identifiant déjà utilisé par une autre ligne du même fichier', (row) => (row.id = 'DUPLICATE'));
  spoiled('76', 'lieu impossible à placer : commune et code postal inexistants, sans coordonnées', (row) => {
    row.commune = 'Bourg-Imaginaire';
    row.code_postal = '00500';
    row.code_insee = '';
    row.latitude = '';
    row.longitude = '';
  });
  spoiled('53', 'horaires invalides (« 9h-12h »)', (row) => (row.horaires = '9h-12h'));
  spoiled('53', 'horaires invalides (« Sun » au lieu de « Su »)', (row) => (row.horaires = 'Sun 10:00-12:00'));
  spoiled('44', 'horaires en texte libre', (row) => (row.horaires = 'du lundi au vendredi de 9h à 17h'));
  spoiled('75', 'service inconnu (« Cours de cuisine »)', (row) => {
    row.services = list([SERVICE.quotidien, 'Cours de cuisine']);
  });
  spoiled('75', 'typologie inconnue (« MEDIATHEQUE »)', (row) => (row.typologie = 'MEDIATHEQUE'));
  spoiled('32', 'téléphone invalide (« 01 23 »)', (row) => (row.telephone = '01 23'));
  spoiled('28', 'SIRET invalide (« SIRET-INCONNU »)', (row) => (row.pivot = 'SIRET-INCONNU'));
  spoiled('93', 'date de mise à jour au format JJ/MM/AAAA', (row) => (row.date_maj = '15/03/2024'));
  spoiled('24', 'code postal à 4 chiffres', (row) => (row.code_postal = row.code_postal.slice(1)));
  spoiled('27', 'courriel invalide (« contact(at)example.org »)', (row) => (row.courriels = 'contact(at)example.org'));
  spoiled('52', 'site web sans « https:// »', (row) => (row.site_web = 'www.example.org/lieu'));
  spoiled('52', 'présentation résumée de plus de 280 caractères', (row) => {
    row.presentation_resume = [...RESUMES.general, ...RESUMES.acces].join(' ');
  });
  spoiled('44', 'coordonnées 0, 0', (row) => {
    row.latitude = '0';
    row.longitude = '0';
  });
  const paris = regionOf('11').sort((a, b) => b.population - a.population)[0];
  if (paris !== undefined) {
    const row = escapingTestRow(random, { commune: paris, nom: paris.nom, codePostal: paris.codesPostaux[0] ?? '', codeInsee: paris.code, lat: paris.lat, lon: paris.lon }, asOf);
    pending.push({ regionCode: '11', row, description: 'test d’échappement : balises HTML, liens javascript: et formules dans tous les champs texte (doit être affiché tel quel, jamais exécuté)' });
  }

  const placed: Array<PendingProblem & { file: RegionalFile }> = [];
  for (const problem of pending) {
    const file = files.get(problem.regionCode);
    if (file === undefined) continue;
    // Spoiled rows replace nothing: they are extra rows, at a random place in the file.
    file.rows.splice(random.int(file.rows.length + 1), 0, problem.row);
    placed.push({ ...problem, file });
  }
  return placed;
}

/** Ids in file order; a row marked `DUPLICATE` takes the id of its neighbour. */
function assignIds(rows: Row[], prefix: string): void {
  const ids = rows.map((_, index) => `${prefix}${String(index + 1).padStart(5, '0')}`);
  rows.forEach((row, index) => {
    row.id = row.id === 'DUPLICATE' ? (ids[index - 1] ?? ids[index + 1] ?? ids[index]!) : ids[index]!;
  });
}

function serialize(name: string, rows: readonly Row[]): DemoFile {
  // papaparse writes cells verbatim (no formula guard): these are input files, and the
  // escaping test row must reach the pipeline exactly as a hostile producer would send it.
  const content = `${Papa.unparse({ fields: [...COLUMNS], data: rows.map((row) => COLUMNS.map((column) => row[column])) }, { newline: '\n' })}\n`;
  return { name, content, rows: rows.length };
}

/** File lines of the deliberate problems (a cell with a line break makes a row span two lines). */
function locateProblems(
  placed: ReadonlyArray<PendingProblem & { file: RegionalFile }>,
  files: Map<string, RegionalFile>,
  output: readonly DemoFile[],
): DeliberateProblem[] {
  const lineOf = new Map<Row, number>();
  for (const file of files.values()) {
    let line = 2;
    for (const row of file.rows) {
      lineOf.set(row, line);
      line += 1 + COLUMNS.reduce((breaks, column) => breaks + (row[column].match(/\n/g)?.length ?? 0), 0);
    }
  }
  const written = new Set(output.map((file) => file.name));
  return placed
    .filter((problem) => written.has(problem.file.name))
    .map((problem) => ({
      file: problem.file.name,
      line: lineOf.get(problem.row) ?? 0,
      id: problem.row.id,
      description: problem.description,
    }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}
