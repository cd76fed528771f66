import { read, utils } from '@e965/xlsx';
import { enrichVenues } from '../src/pipeline/5-enrich/enrich.ts';
import { distance } from 'geokdbush';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { comparableTowns, computeCoverage, loadProgrammeTowns, selectMidSizedTowns, underservedScore, venueGroup, type Coverage } from '../src/coverage/compute.ts';
import { coverageMethod } from '../src/coverage/method.ts';
import { coverageTables, dictionaryCsv, tableCsv, tableXlsx, townsGeoJson, type TableContext } from '../src/coverage/downloads.ts';
import { byShareBeyond, epciHighlights, territoryRanks } from '../src/coverage/rankings.ts';

import { emptyRecord, type StandardRecord } from '../src/pipeline/schema.ts';
import type { Commune, ReferenceData, Venue } from '../src/pipeline/types.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { needsShared, sharedFixture } from './shared-fixtures.ts';

const ACV = sharedFixture('action-coeur-de-ville.csv');

function commune(code: string, fields: Partial<Commune> & Pick<Commune, 'lat' | 'lon' | 'population'>): Commune {
  return {
    code,
    nom: `Commune ${code}`,
    codesPostaux: [],
    epci: null,
    departement: '01',
    region: '84',
    point: 'geonames',
    ...fields,
  };
}

/*
 * A: mid-sized town (30,000) at 5.0/46.0, main commune of EPCI E1, with a municipal arrondissement A1.
 * B: small neighbour (5,000), 10 km east of A, in E1; its former code "01999" now belongs to it.
 * C: 25,000 inhabitants, far north, alone in E2 and in another département/région: no venue in
 *    the commune, but one placed in its département by its postal code, so the département has data.
 * D: 40,000 inhabitants in E3 with E (22,000): D is E3's centre, E is not.
 * Z: 21,000 inhabitants, alone in E4 and in département 03, of A's région: no venue at all in 03,
 *    which no source covers (« pas de données »).
 */
const reference: ReferenceData = {
  communes: [
    commune('01001', { nom: 'Alpha', population: 30_000, lat: 46.0, lon: 5.0, epci: 'E1' }),
    commune('01101', { nom: 'Alpha 1er', population: 0, lat: 46.0, lon: 5.0, epci: 'E1', parent: '01001' }),
    commune('01002', { nom: 'Bêta', population: 5_000, lat: 46.0, lon: 5.13, epci: 'E1' }),
    commune('02001', { nom: 'Gamma', population: 25_000, lat: 49.0, lon: 3.0, epci: 'E2', departement: '02', region: '32' }),
    commune('01003', { nom: 'Delta', population: 40_000, lat: 45.5, lon: 5.5, epci: 'E3' }),
    commune('01004', { nom: 'Epsilon', population: 22_000, lat: 45.52, lon: 5.52, epci: 'E3', point: 'voisine-code-postal' }),
    commune('03001', { nom: 'Zêta', population: 21_000, lat: 46.3, lon: 2.6, epci: 'E4', departement: '03' }),
  ],
  anciensCodes: { '01999': '01002' },
  epcis: [
    { code: 'E1', nom: 'CC Alpha', type: 'CC', membres: ['01001', '01002'] },
    { code: 'E2', nom: 'CC Gamma', type: 'CC', membres: ['02001'] },
    { code: 'E3', nom: 'CA Delta', type: 'CA', membres: ['01003', '01004'] },
    { code: 'E4', nom: 'CC Zêta', type: 'CC', membres: ['03001'] },
  ],
  departements: [
    { code: '01', nom: 'Ain', region: '84' },
    { code: '02', nom: 'Aisne', region: '32' },
    { code: '03', nom: 'Allier', region: '84' },
  ],
  regions: [
    { code: '84', nom: 'Auvergne-Rhône-Alpes' },
    { code: '32', nom: 'Hauts-de-France' },
  ],
  sources: [],
};

let counter = 0;
function venue(
  codeInsee: string | null,
  lat: number,
  lon: number,
  fields: Partial<StandardRecord> = {},
  precision: Venue['geo']['precision'] = 'adresse',
  table: ReferenceData = reference,
  sources: Array<{ file: string; source: string }> = [{ file: 'test.csv', source: 'test' }],
): Venue {
  counter++;
  const merged = {
    slug: `lieu-${counter}`,
    record: { ...emptyRecord(), id: `v${counter}`, nom: `Lieu ${counter}`, ...fields },
    geo: { precision, method: 'coordonnees', lat, lon, codeInsee },
    sources: sources.map((s, i) => ({ ...s, line: counter + 1, id: `v${counter}-${i}` })),
  };
  return enrichVenues([merged], table, new Date('2026-11-16T00:00:00Z')).venues[0]!;
}

// A venue in arrondissement A1, one at B's point through B's former code, one on the A/B border
// (2 km east of A's point, but in B), one in Delta typed France Services and listed by two
// sources, one placed only by its Aisne postal code. Their dates: a future one does not count.
const inArrondissement = venue('01101', 46.0, 5.001, { typologie: ['BIB'], date_maj: '2024-03-03' });
const staleCode = venue('01999', 46.0, 5.13, { date_maj: '2026-11-01' });
const onBorder = venue('01002', 46.0, 5.026, { dispositif_programmes_nationaux: ['France Services'], date_maj: '2030-01-01' });
const inDelta = venue('01003', 45.5, 5.5, { typologie: ['MUNI', 'RFS'], date_maj: '2025-06-15' }, 'adresse', reference, [
  { file: 'test.csv', source: 'test' },
  { file: 'reseau.csv', source: 'réseau Delta' },
]);
const unplaced = venue(null, 49.2, 3.1, { code_postal: '02100', date_maj: '2025-01-01' }, 'departement');
const venues = [inArrondissement, staleCode, onBorder, inDelta, unplaced];
const COMPUTED_AT = new Date('2026-11-16T08:00:00Z');

function byCode(coverage: Coverage, code: string) {
  const found = coverage.communes.find((c) => c.code === code);
  if (!found) throw new Error(`commune ${code} absente`);
  return found;
}

describe('computeCoverage on a hand-made reference table', () => {
  const coverage = computeCoverage(venues, reference, { computedAt: COMPUTED_AT });

  it('counts venues in their current commune (arrondissements and former codes roll up)', () => {
    expect(coverage.communes.map((c) => c.code).sort()).toEqual(['01001', '01002', '01003', '01004', '02001', '03001']);
    expect(byCode(coverage, '01001').venues).toBe(1);
    expect(byCode(coverage, '01002').venues).toBe(2);
    expect(byCode(coverage, '01001').venuesPer10k).toBeCloseTo(1 / 3, 2);
    expect(coverage.venuesInCommunes).toBe(4);
    expect(coverage.venuesWithoutCommune).toBe(1);
    // A point known only to the département does not measure distances.
    expect(coverage.venuesForDistance).toBe(4);
  });

  it('counts a border venue in its commune but measures distances from every commune point', () => {
    const beta = byCode(coverage, '01002');
    expect(beta.nearestSlug).toBe(staleCode.slug);
    expect(beta.nearestKm).toBe(0);
    const alpha = byCode(coverage, '01001');
    expect(alpha.nearestSlug).toBe(inArrondissement.slug);
    // Epsilon has no venue; its nearest is Delta's, about 2.7 km away.
    const epsilon = byCode(coverage, '01004');
    expect(epsilon.venues).toBe(0);
    expect(epsilon.nearestSlug).toBe(inDelta.slug);
    expect(epsilon.nearestKm).toBeCloseTo(distance(5.52, 45.52, 5.5, 45.5), 1);
  });

  it('measures a commune far from any venue', () => {
    const gamma = byCode(coverage, '02001');
    expect(gamma.venues).toBe(0);
    expect(gamma.nearestSlug).toBe(inArrondissement.slug);
    expect(gamma.nearestKm).toBeCloseTo(distance(3.0, 49.0, 5.001, 46.0), 1);
    expect(gamma.nearestKm!).toBeGreaterThan(300);
    const aisne = coverage.departements.find((d) => d.code === '02')!;
    expect(aisne.shareBeyondKm).toEqual([1, 1, 1]);
    // Aisne has data (a venue placed by its postal code): its lack of venue is measured, and counted nationally.
    expect(aisne.hasData).toBe(true);
    expect(coverage.national.populationBeyondKm).toEqual([25_000, 25_000, 25_000]);
  });

  it('flags the département no source covers: pas de données, left out of the national figures', () => {
    expect(coverage.withoutData).toEqual({ departements: ['03'], communes: 1, population: 21_000 });
    const allier = coverage.departements.find((d) => d.code === '03')!;
    expect(allier).toMatchObject({ hasData: false, venues: 0, sources: 0, population: 21_000, shareBeyondKm: [1, 1, 1] });
    expect(coverage.communes.find((c) => c.code === '03001')!.hasData).toBe(false);
    // Its région has data through Ain; its EPCI has none.
    expect(coverage.regions.find((r) => r.code === '84')!.hasData).toBe(true);
    expect(coverage.epcis.find((e) => e.code === 'E4')).toMatchObject({ hasData: false, departement: '03', region: '84' });
    const zeta = coverage.midSizedTowns.find((t) => t.code === '03001')!;
    expect(zeta).toMatchObject({ hasData: false, score: null, densityRatio: null, underserved: false });
    // Ranked after every town with data, even though it has no venue.
    expect(coverage.midSizedTowns.at(-1)!.code).toBe('03001');
  });

  it('records where the figures come from: files, sources, update dates, computation date', () => {
    expect(coverage.provenance).toEqual({
      files: 2,
      sources: [
        { name: 'test', venues: 5 },
        { name: 'réseau Delta', venues: 1 },
      ],
      // 2030-01-01 is after the computation: reported by the pipeline, not a real update.
      firstUpdate: '2024-03-03',
      lastUpdate: '2026-11-01',
      computedAt: '2026-11-16T08:00:00.000Z',
    });
    expect(Object.keys(coverage.departementProvenance)).toEqual(['01', '02']);
    expect(coverage.departementProvenance['02']).toMatchObject({ files: 1, sources: [{ name: 'test', venues: 1 }], firstUpdate: '2025-01-01', lastUpdate: '2025-01-01' });
    const ain = coverage.departements.find((d) => d.code === '01')!;
    expect(ain).toMatchObject({ sources: 2, departement: '01', region: '84' });
    expect(coverage.epcis.find((e) => e.code === 'E1')).toMatchObject({ sources: 1, departement: '01', region: '84' });
  });

  it('selects mid-sized towns as main communes of their EPCI, configurable', () => {
    expect(coverage.midSizedTowns.map((t) => t.code).sort()).toEqual(['01001', '01003', '02001', '03001']);
    const all = selectMidSizedTowns(reference.communes, { midSizedMin: 20_000, midSizedMax: 100_000, mainCommuneOfEpci: false });
    expect([...all].sort()).toEqual(['01001', '01003', '01004', '02001', '03001']);
    const bigger = computeCoverage(venues, reference, { midSizedMin: 26_000 });
    expect(bigger.midSizedTowns.map((t) => t.code).sort()).toEqual(['01001', '01003']);
  });

  it('scores the town with no venue as the most underserved', () => {
    const [first] = coverage.midSizedTowns;
    expect(first!.code).toBe('02001');
    expect(first!.underserved).toBe(true);
    expect(first!.score).toBe(100);
    // Alpha: 0.33 per 10,000, Delta: 0.25; the median of (0.33, 0.25, 0) is 0.25 (Zêta, without data, is not counted).
    expect(coverage.midSizedMedianPer10k).toBe(0.25);
    const delta = coverage.midSizedTowns.find((t) => t.code === '01003')!;
    expect(delta.score).toBe(0);
    expect(delta.underserved).toBe(false);
    expect(delta.nearby.map((n) => n.slug)[0]).toBe(inDelta.slug);
    expect(delta.slug).toBe('delta-01003');
    expect(underservedScore(0.5, 5)).toBe(50);
    expect(underservedScore(2, 0)).toBe(0);
  });

  it('adds up: communes → départements → régions → France (the territories with data)', () => {
    const total = reference.communes.reduce((sum, c) => sum + c.population, 0);
    expect(coverage.national.population).toBe(total - coverage.withoutData.population);
    const sum = (list: Coverage['departements'], key: 'population' | 'venues' | 'midSizedTowns' | 'underservedMidSizedTowns') =>
      list.reduce((s, t) => s + t[key], 0);
    for (const key of ['population', 'venues', 'midSizedTowns', 'underservedMidSizedTowns'] as const) {
      expect(sum(coverage.departements.filter((d) => d.hasData), key)).toBe(coverage.national[key]);
    }
    expect(sum(coverage.regions, 'population')).toBe(total);
    expect(coverage.national.sources).toBe(2);
    expect(coverage.national.venues).toBe(coverage.venuesInCommunes);
    const e1 = coverage.epcis.find((e) => e.code === 'E1')!;
    expect(e1).toMatchObject({ communes: 2, population: 35_000, venues: 3, midSizedTowns: 1 });
  });

  it('sorts venues into one type group each', () => {
    expect(venueGroup(inArrondissement)).toBe('bibliotheque');
    expect(venueGroup(onBorder)).toBe('france-services');
    expect(venueGroup(inDelta)).toBe('france-services');
    expect(venueGroup(staleCode)).toBe('autre');
    expect(coverage.national.groups).toEqual({ 'france-services': 2, bibliotheque: 1, public: 0, association: 0, organisme: 0, autre: 1 });
  });

  it('builds density hexagons holding every inhabitant and every placed venue', () => {
    const people = coverage.hexagons.reduce((s, h) => s + h.population, 0);
    const placed = coverage.hexagons.reduce((s, h) => s + h.venues, 0);
    expect(people).toBe(reference.communes.reduce((sum, c) => sum + c.population, 0));
    expect(placed).toBe(coverage.venuesForDistance);
    const gammaCell = coverage.hexagons.find((h) => h.population === 25_000)!;
    expect(gammaCell.inhabitantsPerVenue).toBeNull();
    expect(JSON.parse(JSON.stringify(coverage))).toEqual(coverage);
  });

  it('compares a town with towns of its région and similar size, that have data', () => {
    const alpha = coverage.midSizedTowns.find((t) => t.code === '01001')!;
    expect(comparableTowns(alpha, coverage.midSizedTowns).map((t) => t.code)).toEqual(['01003', '02001']);
  });

  it('buckets the towns by venues per 10,000 without overlap: none, then ranges above zero, then no data', () => {
    const buckets = coverage.densityHistogram;
    expect(buckets[0]).toEqual({ kind: 'none', from: null, to: null, label: 'Aucun lieu', towns: 1 });
    expect(buckets[1]).toEqual({ kind: 'range', from: 0, to: 0.5, label: 'Plus de 0 et moins de 0,5', towns: 2 });
    expect(buckets[2]!.label).toBe('De 0,5 à moins de 1');
    expect(buckets.at(-2)).toMatchObject({ kind: 'range', from: 4, to: null, label: '4 ou plus', towns: 0 });
    expect(buckets.at(-1)).toEqual({ kind: 'no-data', from: null, to: null, label: 'Pas de données', towns: 1 });
    expect(buckets.reduce((n, b) => n + b.towns, 0)).toBe(coverage.midSizedTowns.length);
    expect(new Set(buckets.map((b) => b.label)).size).toBe(buckets.length);
  });

  it('ranks territories with data only, those without last', () => {
    const sorted = [...coverage.departements].sort(byShareBeyond(10)).map((d) => d.code);
    // Allier's 100 % says nothing: it comes after Aisne's (measured) 100 % and Ain's.
    expect(sorted).toEqual(['02', '01', '03']);
    const ranks = territoryRanks(coverage.departements);
    expect(ranks.get('03')).toBeUndefined();
    expect(ranks.get('01')).toEqual({ venuesPer10k: 1, beyond10km: 2, of: 2 });
    expect(ranks.get('02')).toEqual({ venuesPer10k: 2, beyond10km: 1, of: 2 });
    const highlights = epciHighlights(coverage.epcis, 2);
    expect(highlights.national.map((e) => e.code)).toEqual(['E2', 'E3']);
    expect(highlights.byRegion.get('84')!.map((e) => e.code)).toEqual(['E3', 'E1']);
    expect([...highlights.byRegion.values()].flat().some((e) => e.code === 'E4')).toBe(false);
  });

  it('explains the method in French with the options in force', () => {
    const text = coverageMethod(coverage)
      .flatMap((s) => [s.title, ...s.paragraphs])
      .join('\n');
    // French number formatting: narrow no-break space between thousands.
    expect(text).toContain('20\u202f000 à 99\u202f999 habitants');
    expect(text).toContain('ville-centre');
    // Phrased for a reader: neither the code nor a build setting.
    expect(text).toContain('Les communes du programme Action Cœur de Ville ne sont pas signalées : ce site n’en a pas la liste.');
    expect(text).not.toMatch(/dans le code|options de la mesure|n’a été fournie/);
    // Where the distances start from, and the communes whose point is borrowed (Epsilon).
    expect(text).toContain('un point à l’intérieur de la commune calculé à partir de ses contours (IGN, Admin Express COG 2018)');
    expect(text).toContain('1 commune (22\u202f000 habitants) n’a pas de point propre');
    expect(text).toContain('à vol d’oiseau depuis un seul point par commune');
    expect(text).toContain('Territoires sans données : Allier (21\u202f000 habitants).');
  });
});

describe('coverage downloads', () => {
  const coverage = computeCoverage(venues, reference, { programmeTowns: ['01003'], computedAt: COMPUTED_AT });
  const context: TableContext = {
    reference,
    townUrl: (slug) => `https://lieux.example.org/couverture/villes-moyennes/${slug}/`,
    // A hostile venue name, as a contributor could publish one: it must reach no spreadsheet as a formula.
    venueName: (slug) => (slug === inDelta.slug ? '=HYPERLINK("http://evil.example","Delta")' : `Lieu ${slug}`),
  };
  const tables = coverageTables(coverage, context);
  const byFile = new Map(tables.map((t) => [t.file, t]));
  const parse = (csv: string) => Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { delimiter: ';', skipEmptyLines: true }).data;

  it('offers towns, départements, EPCIs and communes, one row per item, with a name beside every code', () => {
    expect(tables.map((t) => t.file)).toEqual(['villes-moyennes', 'couverture-departements', 'couverture-epci', 'couverture-communes']);
    expect(byFile.get('villes-moyennes')!.rows).toHaveLength(coverage.midSizedTowns.length);
    expect(byFile.get('couverture-departements')!.rows).toHaveLength(coverage.departements.length);
    expect(byFile.get('couverture-epci')!.rows).toHaveLength(coverage.epcis.length);
    expect(byFile.get('couverture-communes')!.rows).toHaveLength(coverage.communes.length);
    for (const table of tables) {
      const names = table.columns.map((c) => c.name);
      for (const code of names.filter((n) => n.startsWith('code_') && n !== 'code_insee')) expect(names).toContain(code.slice('code_'.length));
      expect(names).toContain('donnees_publiees');
      for (const column of table.columns) expect(column.description.length).toBeGreaterThan(10);
    }
  });

  it('writes CSV for a French spreadsheet: BOM, semicolons, decimal comma, no thousands separator, units in headers', () => {
    const csv = tableCsv(byFile.get('couverture-departements')!);
    expect(csv.startsWith('\uFEFFcode_departement;departement;statut;code_region;region;communes;population;lieux;lieux_pour_10000_habitants;')).toBe(true);
    expect(csv).toContain('pourcentage_population_a_plus_de_10_km');
    const rows = parse(csv);
    const header = rows[0]!;
    const ain = Object.fromEntries(header.map((name, i) => [name, rows.find((r) => r[0] === '01')![i]]));
    expect(ain).toMatchObject({ departement: 'Ain', region: 'Auvergne-Rhône-Alpes', population: '97000', lieux: '4', lieux_pour_10000_habitants: '0,41' });
    expect(ain.pourcentage_population_a_plus_de_10_km).toBe('0');
    // The decimal comma is quoted, so that a spreadsheet splitting at commas too keeps the number whole.
    expect(csv).toContain(';"0,41";');
    expect(csv).not.toMatch(/\d\u202f\d|\d\u00a0\d/);
    // A territory without data: its measures are empty, and the reason is given.
    const allier = Object.fromEntries(header.map((name, i) => [name, rows.find((r) => r[0] === '03')![i]]));
    expect(allier).toMatchObject({ departement: 'Allier', population: '21000', lieux: '0', lieux_pour_10000_habitants: '', pourcentage_population_a_plus_de_10_km: '', donnees_publiees: 'non' });
  });

  it('guards the text cells against formulas, and names the towns, EPCIs and nearest venues', () => {
    const communes = parse(tableCsv(byFile.get('couverture-communes')!));
    const delta = communes.find((r) => r[0] === '01003')!;
    expect(delta.slice(0, 8)).toEqual(['01003', 'Delta', '01', 'Ain', '84', 'Auvergne-Rhône-Alpes', 'E3', 'CA Delta']);
    expect(delta).toContain(`'=HYPERLINK("http://evil.example","Delta")`);
    const towns = parse(tableCsv(byFile.get('villes-moyennes')!));
    const header = towns[0]!;
    const gamma = Object.fromEntries(header.map((name, i) => [name, towns[1]![i]]));
    expect(gamma).toMatchObject({ code_insee: '02001', ville: 'Gamma', departement: 'Aisne', region: 'Hauts-de-France', epci: 'CC Gamma', score_sous_equipement: '100', sous_equipee: 'oui', programme: 'non', donnees_publiees: 'oui', page: 'https://lieux.example.org/couverture/villes-moyennes/gamma-02001/' });
    expect(gamma.distance_lieu_le_plus_proche_km).toMatch(/^\d+,\d$/);
    const zeta = Object.fromEntries(header.map((name, i) => [name, towns.at(-1)![i]]));
    expect(zeta).toMatchObject({ ville: 'Zêta', score_sous_equipement: '', sous_equipee: '', rapport_a_la_mediane: '', donnees_publiees: 'non' });
    const epcis = parse(tableCsv(byFile.get('couverture-epci')!));
    expect(epcis.find((r) => r[0] === 'E3')!.slice(0, 7)).toEqual(['E3', 'CA Delta', 'communauté d’agglomération', '01', 'Ain', '84', 'Auvergne-Rhône-Alpes']);
  });

  it('documents every column in the dictionary, with its unit', () => {
    const rows = parse(dictionaryCsv(tables));
    expect(rows[0]).toEqual(['fichier', 'colonne', 'unite', 'description']);
    expect(rows).toHaveLength(1 + tables.reduce((n, t) => n + t.columns.length, 0));
    expect(rows).toContainEqual(['couverture-epci.csv', 'pourcentage_population_a_plus_de_10_km', '% de la population', 'La même population, en pourcentage de celle du territoire.']);
  });

  it('writes each table as .xlsx: numbers as numbers, codes as text, a « Dictionnaire » sheet with the provenance', () => {
    const table = byFile.get('couverture-departements')!;
    const workbook = read(tableXlsx(table, ['Données : …', 'Méthode : https://lieux.example.org/couverture/'], coverage.provenance.computedAt));
    expect(workbook.SheetNames).toEqual(['Départements', 'Dictionnaire']);
    const sheet = workbook.Sheets['Départements']!;
    expect(sheet.A2).toMatchObject({ t: 's', v: '01' });
    expect(sheet.G2).toMatchObject({ t: 'n', v: 97_000 });
    expect(sheet.I2).toMatchObject({ t: 'n', v: 0.41 });
    const rows = utils.sheet_to_json<string[]>(workbook.Sheets.Dictionnaire!, { header: 1, blankrows: false });
    expect(rows[0]).toEqual(['colonne', 'unité', 'description']);
    expect(rows.slice(1, 1 + table.columns.length).map((r) => r[0])).toEqual(table.columns.map((c) => c.name));
    expect(rows.at(-1)).toEqual(['Méthode : https://lieux.example.org/couverture/']);
    // The formula-looking text of a commune table stays text.
    const communes = read(tableXlsx(byFile.get('couverture-communes')!, [], coverage.provenance.computedAt));
    const cells = Object.values(communes.Sheets.Communes!).filter((c): c is { t: string; v: unknown; f?: string } => typeof c === 'object' && c !== null && 't' in c);
    expect(cells.some((c) => c.f !== undefined)).toBe(false);
    expect(cells.some((c) => c.v === '=HYPERLINK("http://evil.example","Delta")' && c.t === 's')).toBe(true);
  });

  it('keeps the towns GeoJSON small: the properties a map layer needs', () => {
    const geojson = townsGeoJson(coverage);
    expect(geojson.features).toHaveLength(4);
    expect(geojson.features[0]).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [3, 49] },
      properties: { code: '02001', nom: 'Gamma', population: 25_000, score: 100, underserved: true, slug: 'gamma-02001', programme: false },
    });
    expect(geojson.features.at(-1)!.properties).toMatchObject({ code: '03001', score: null, underserved: false });
  });
});

describe('loadProgrammeTowns', () => {
  it('reads the Action Cœur de Ville list', needsShared(ACV), () => {
    const towns = loadProgrammeTowns(ACV.text());
    expect(towns.size).toBe(245);
    expect(towns.has('01004')).toBe(true);
    expect(towns.has('2A004')).toBe(true);
  });

  it('accepts semicolons, a BOM and codes that lost their leading zero', () => {
    const towns = loadProgrammeTowns('\uFEFFINSEE_COM;lib_com\n1004;Ambérieu\n2a004;Ajaccio\n\n');
    expect([...towns]).toEqual(['01004', '2A004']);
  });

  it('says in French which column is missing', () => {
    expect(() => loadProgrammeTowns('code;nom\n01004;Ambérieu\n')).toThrow(/insee_com/);
  });
});

describe('computeCoverage on the real reference table', () => {
  const real = loadReferenceData();

  it('finds the documented 172 ville-centres of 20,000–100,000 inhabitants, plus Saint-Martin', () => {
    const towns = selectMidSizedTowns(real.communes, { midSizedMin: 20_000, midSizedMax: 100_000, mainCommuneOfEpci: true });
    // The documented 172 covers metropolitan France and the DROM. Saint-Martin (97801), an
    // overseas collectivity of about 31,000 inhabitants in no EPCI, is its own centre here.
    expect(towns.size).toBe(173);
    expect(towns.has('97801')).toBe(true);
    const all = selectMidSizedTowns(real.communes, { midSizedMin: 20_000, midSizedMax: 100_000, mainCommuneOfEpci: false });
    expect(all.size).toBe(443);
  });

  it('reconciles populations, and flags programme towns', needsShared(ACV), () => {
    const programme = loadProgrammeTowns(ACV.text());
    const some = real.communes.filter((c) => c.parent === undefined && c.population > 50_000).slice(0, 40);
    const placed = some.map((c) => venue(c.code, c.lat, c.lon, {}, 'adresse', real));
    const coverage = computeCoverage(placed, real, { programmeTowns: programme });
    const total = real.communes.reduce((s, c) => s + c.population, 0);
    // Only the départements of these 40 towns have data: the others are left out of the national figures.
    expect(coverage.national.population + coverage.withoutData.population).toBe(total);
    expect(coverage.departements.filter((d) => d.hasData).reduce((s, d) => s + d.population, 0)).toBe(coverage.national.population);
    expect(coverage.departements.reduce((s, d) => s + d.population, 0)).toBe(total);
    expect(coverage.regions.reduce((s, r) => s + r.population, 0)).toBe(total);
    expect(coverage.departements.reduce((s, d) => s + d.venues, 0)).toBe(placed.length);
    expect(coverage.hexagons.reduce((s, h) => s + h.venues, 0)).toBe(placed.length);
    // Distances start from each commune's own point, but for five re-established communes.
    const method = coverageMethod(coverage).flatMap((section) => section.paragraphs).join('\n');
    expect(method).toContain('5 communes (1\u202f981 habitants) n’ont pas de point propre');
    const flagged = coverage.midSizedTowns.filter((t) => t.programme).length;
    console.log(
      `Référentiel réel : ${coverage.communes.length} communes, ${coverage.national.population} habitants, ` +
        `${coverage.midSizedTowns.length} villes moyennes dont ${flagged} Action Cœur de Ville, ${coverage.hexagons.length} hexagones.`,
    );
    expect(flagged).toBeGreaterThan(50);
  });
});
