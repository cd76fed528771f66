import { enrichVenues } from '../src/pipeline/5-enrich/enrich.ts';
import { distance } from 'geokdbush';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../src/pipeline/6-outputs/csv.ts';
import { comparableTowns, computeCoverage, loadProgrammeTowns, selectMidSizedTowns, underservedScore, venueGroup, type Coverage } from '../src/coverage/compute.ts';
import { coverageMethod } from '../src/coverage/method.ts';
import { COMMUNES_CSV_HEADER, communesCsvRows, TERRITORIES_CSV_HEADER, territoriesCsvRows, TOWNS_CSV_HEADER, townsCsvRows, townsGeoJson } from '../src/coverage/downloads.ts';

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
 * C: 25,000 inhabitants, far north, alone in E2 and in another département/région: no venue.
 * D: 40,000 inhabitants in E3 with E (22,000): D is E3's centre, E is not.
 */
const reference: ReferenceData = {
  communes: [
    commune('01001', { nom: 'Alpha', population: 30_000, lat: 46.0, lon: 5.0, epci: 'E1' }),
    commune('01101', { nom: 'Alpha 1er', population: 0, lat: 46.0, lon: 5.0, epci: 'E1', parent: '01001' }),
    commune('01002', { nom: 'Bêta', population: 5_000, lat: 46.0, lon: 5.13, epci: 'E1' }),
    commune('02001', { nom: 'Gamma', population: 25_000, lat: 49.0, lon: 3.0, epci: 'E2', departement: '02', region: '32' }),
    commune('01003', { nom: 'Delta', population: 40_000, lat: 45.5, lon: 5.5, epci: 'E3' }),
    commune('01004', { nom: 'Epsilon', population: 22_000, lat: 45.52, lon: 5.52, epci: 'E3', point: 'voisine-code-postal' }),
  ],
  anciensCodes: { '01999': '01002' },
  epcis: [
    { code: 'E1', nom: 'CC Alpha', type: 'CC', membres: ['01001', '01002'] },
    { code: 'E2', nom: 'CC Gamma', type: 'CC', membres: ['02001'] },
    { code: 'E3', nom: 'CA Delta', type: 'CA', membres: ['01003', '01004'] },
  ],
  departements: [
    { code: '01', nom: 'Ain', region: '84' },
    { code: '02', nom: 'Aisne', region: '32' },
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
): Venue {
  counter++;
  const merged = {
    slug: `lieu-${counter}`,
    record: { ...emptyRecord(), id: `v${counter}`, nom: `Lieu ${counter}`, ...fields },
    geo: { precision, method: 'coordonnees', lat, lon, codeInsee },
    sources: [{ file: 'test.csv', line: counter + 1, id: `v${counter}`, source: 'test' }],
  };
  return enrichVenues([merged], table, new Date('2026-11-16T00:00:00Z')).venues[0]!;
}

// A venue in arrondissement A1, one at B's point through B's former code, one on the A/B border
// (2 km east of A's point, but in B), one in Delta typed France Services, one unplaceable.
const inArrondissement = venue('01101', 46.0, 5.001, { typologie: ['BIB'] });
const staleCode = venue('01999', 46.0, 5.13);
const onBorder = venue('01002', 46.0, 5.026, { dispositif_programmes_nationaux: ['France Services'] });
const inDelta = venue('01003', 45.5, 5.5, { typologie: ['MUNI', 'RFS'] });
const unplaced = venue(null, 46.5, 2.5, {}, 'departement');
const venues = [inArrondissement, staleCode, onBorder, inDelta, unplaced];

function byCode(coverage: Coverage, code: string) {
  const found = coverage.communes.find((c) => c.code === code);
  if (!found) throw new Error(`commune ${code} absente`);
  return found;
}

describe('computeCoverage on a hand-made reference table', () => {
  const coverage = computeCoverage(venues, reference);

  it('counts venues in their current commune (arrondissements and former codes roll up)', () => {
    expect(coverage.communes.map((c) => c.code).sort()).toEqual(['01001', '01002', '01003', '01004', '02001']);
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
    expect(coverage.national.populationBeyondKm).toEqual([25_000, 25_000, 25_000]);
  });

  it('selects mid-sized towns as main communes of their EPCI, configurable', () => {
    expect(coverage.midSizedTowns.map((t) => t.code).sort()).toEqual(['01001', '01003', '02001']);
    const all = selectMidSizedTowns(reference.communes, { midSizedMin: 20_000, midSizedMax: 100_000, mainCommuneOfEpci: false });
    expect([...all].sort()).toEqual(['01001', '01003', '01004', '02001']);
    const bigger = computeCoverage(venues, reference, { midSizedMin: 26_000 });
    expect(bigger.midSizedTowns.map((t) => t.code).sort()).toEqual(['01001', '01003']);
  });

  it('scores the town with no venue as the most underserved', () => {
    const [first] = coverage.midSizedTowns;
    expect(first!.code).toBe('02001');
    expect(first!.underserved).toBe(true);
    expect(first!.score).toBe(100);
    // Alpha: 0.33 per 10,000, Delta: 0.25; the median of (0.33, 0.25, 0) is 0.25.
    expect(coverage.midSizedMedianPer10k).toBe(0.25);
    const delta = coverage.midSizedTowns.find((t) => t.code === '01003')!;
    expect(delta.score).toBe(0);
    expect(delta.underserved).toBe(false);
    expect(delta.nearby.map((n) => n.slug)[0]).toBe(inDelta.slug);
    expect(delta.slug).toBe('delta-01003');
    expect(underservedScore(0.5, 5)).toBe(50);
    expect(underservedScore(2, 0)).toBe(0);
  });

  it('adds up: communes → départements → régions → France', () => {
    const total = reference.communes.reduce((sum, c) => sum + c.population, 0);
    expect(coverage.national.population).toBe(total);
    const sum = (list: Coverage['departements'], key: 'population' | 'venues' | 'midSizedTowns' | 'underservedMidSizedTowns') =>
      list.reduce((s, t) => s + t[key], 0);
    for (const key of ['population', 'venues', 'midSizedTowns', 'underservedMidSizedTowns'] as const) {
      expect(sum(coverage.departements, key)).toBe(coverage.national[key]);
      expect(sum(coverage.regions, key)).toBe(coverage.national[key]);
    }
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
    expect(people).toBe(coverage.national.population);
    expect(placed).toBe(coverage.venuesForDistance);
    const gammaCell = coverage.hexagons.find((h) => h.population === 25_000)!;
    expect(gammaCell.inhabitantsPerVenue).toBeNull();
    expect(JSON.parse(JSON.stringify(coverage))).toEqual(coverage);
  });

  it('compares a town with towns of its région and similar size', () => {
    const alpha = coverage.midSizedTowns.find((t) => t.code === '01001')!;
    expect(comparableTowns(alpha, coverage.midSizedTowns).map((t) => t.code)).toEqual(['01003', '02001']);
  });

  it('explains the method in French with the options in force', () => {
    const text = coverageMethod(coverage)
      .flatMap((s) => [s.title, ...s.paragraphs])
      .join('\n');
    // French number formatting: narrow no-break space between thousands.
    expect(text).toContain('20\u202f000 à 99\u202f999 habitants');
    expect(text).toContain('ville-centre');
    expect(text).toContain('Aucune liste du programme Action Cœur de Ville');
    // Where the distances start from, and the communes whose point is borrowed (Epsilon).
    expect(text).toContain('un point à l’intérieur de la commune calculé à partir de ses contours (IGN, Admin Express COG 2018)');
    expect(text).toContain('1 commune (22\u202f000 habitants) n’a pas de point propre');
    expect(text).toContain('à vol d’oiseau depuis un seul point par commune');
  });
});

describe('coverage downloads', () => {
  const coverage = computeCoverage(venues, reference, { programmeTowns: ['01003'] });

  it('writes one CSV row per commune, territory and town, matching the headers', () => {
    const communes = toCsv(COMMUNES_CSV_HEADER, communesCsvRows(coverage)).trimEnd().split('\r\n');
    expect(communes).toHaveLength(coverage.communes.length + 1);
    expect(communes).toContain(`01004,Epsilon,01,84,E3,22000,0,0,2.7,${inDelta.slug},voisine-code-postal`);
    const departements = toCsv(TERRITORIES_CSV_HEADER, territoriesCsvRows(coverage.departements, () => 'R')).trimEnd().split('\r\n');
    expect(departements[2]).toBe('02,Aisne,R,1,25000,0,0,1,1,1,0,0,0,0,0,0,1,1');
    const towns = toCsv(TOWNS_CSV_HEADER, townsCsvRows(coverage, (t) => `/v/${t.slug}/`)).trimEnd().split('\r\n');
    expect(towns[1]).toBe('02001,Gamma,02,32,E2,25000,0,0,0,365.9,100,oui,non,49,3,geonames,/v/gamma-02001/');
    expect(towns.find((row) => row.startsWith('01003'))).toContain(',oui,45.5,5.5,');
  });

  it('keeps the towns GeoJSON small: the properties a map layer needs', () => {
    const geojson = townsGeoJson(coverage);
    expect(geojson.features).toHaveLength(3);
    expect(geojson.features[0]).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [3, 49] },
      properties: { code: '02001', nom: 'Gamma', population: 25_000, score: 100, underserved: true, slug: 'gamma-02001', programme: false },
    });
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
    expect(coverage.national.population).toBe(total);
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
