import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { distanceKm } from '../src/common/geography.ts';
import { geocodeRecord, onlineCacheKey, type OnlineCacheEntry } from '../src/pipeline/3-geocode/geocode.ts';
import { buildCommuneIndex } from '../src/pipeline/3-geocode/reference.ts';
import { emptyRecord, type StandardRecord } from '../src/pipeline/schema.ts';
import type { ValidRow } from '../src/pipeline/types.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { needsShared, sharedFixture } from './shared-fixtures.ts';

const CNFS = sharedFixture('cnfs-2022-v1.csv');
const index = buildCommuneIndex(loadReferenceData());

type CsvRow = Record<string, string>;

function validRow(fields: Partial<StandardRecord>, line = 2): ValidRow {
  return { file: 'lieux.csv', line, record: { ...emptyRecord(), ...fields } };
}

/** The fields the geocoder reads, as the normalizer would hand them over. */
function fromCsv(row: CsvRow, line: number, withCoordinates: boolean): ValidRow {
  const lat = row.latitude ? Number(row.latitude) : null;
  const lon = row.longitude ? Number(row.longitude) : null;
  return validRow(
    {
      id: row.id ?? '',
      nom: row.nom ?? '',
      commune: row.commune ?? '',
      code_postal: row.code_postal ?? '',
      code_insee: row.code_insee ?? '',
      adresse: row.adresse ?? '',
      latitude: withCoordinates ? lat : null,
      longitude: withCoordinates ? lon : null,
    },
    line,
  );
}

const quantile = (sorted: number[], q: number): number => sorted[Math.floor(q * (sorted.length - 1))] ?? NaN;

describe('offline geocoding on the real conseillers numériques file', needsShared(CNFS), () => {
  let cnfs: CsvRow[];
  let located: Array<{ row: CsvRow; line: number }>;
  beforeAll(() => {
    cnfs = Papa.parse<CsvRow>(CNFS.text(), { header: true, skipEmptyLines: true }).data;
    located = cnfs.map((row, i) => ({ row, line: i + 2 })).filter(({ row }) => row.latitude && row.longitude);
  });

  it('places every row without using its coordinates, closer than before every commune had its own point', () => {
    const distances: number[] = [];
    const precisions = new Map<string, number>();
    for (const { row, line } of located) {
      const { geo } = geocodeRecord(fromCsv(row, line, false), index);
      expect(geo, `${row.commune} ${row.code_postal}`).not.toBeNull();
      if (!geo) continue;
      distances.push(distanceKm(Number(row.latitude), Number(row.longitude), geo.lat, geo.lon));
      precisions.set(geo.precision, (precisions.get(geo.precision) ?? 0) + 1);
      // A postal code's point only for a commune that was not found.
      if (geo.precision === 'code_postal' || geo.precision === 'departement') expect(geo.codeInsee).toBeNull();
    }
    distances.sort((a, b) => a - b);
    const [median, p90, p99] = [0.5, 0.9, 0.99].map((q) => quantile(distances, q));
    console.log(
      `Géocodage sans coordonnées, ${distances.length} lieux : médiane ${median!.toFixed(2)} km, p90 ${p90!.toFixed(2)} km, ` +
        `p99 ${p99!.toFixed(2)} km, max ${distances.at(-1)!.toFixed(1)} km ; précisions ${JSON.stringify(Object.fromEntries(precisions))}`,
    );
    expect(distances).toHaveLength(4_908);
    // Measured on these 4,908 rows with GeoNames points and borrowed fallbacks only: median 0.58 km,
    // p90 3.89 km, p99 14.75 km (468 rows at a postal code's point); with every commune's own
    // point: 0.54, 2.55 and 7.69 km (14 rows whose commune is not found). The maximum (649 km)
    // is the file's own error: a dozen rows carry another town's coordinates.
    expect(median).toBeLessThan(0.6);
    expect(p90).toBeLessThan(2.7);
    expect(p99).toBeLessThan(8);
    expect(precisions.get('code_postal') ?? 0).toBeLessThan(20);
  });

  it('places every row of the file, and keeps almost all given coordinates', () => {
    const counts = new Map<string, number>();
    cnfs.forEach((row, i) => {
      const { geo, problems } = geocodeRecord(fromCsv(row, i + 2, true), index);
      expect(geo, `${row.commune} ${row.code_postal}`).not.toBeNull();
      expect(problems.every((p) => p.severity === 'warning' && p.line === i + 2 && p.file === 'lieux.csv')).toBe(true);
      for (const p of problems) counts.set(p.code, (counts.get(p.code) ?? 0) + 1);
    });
    // A dozen rows of the file carry another town's coordinates (Nancy's venue at Niort...).
    const far = counts.get('coordonnees-eloignees') ?? 0;
    expect(far).toBeGreaterThan(5);
    expect(far).toBeLessThan(25);
  });

  it('moves a venue whose coordinates are in another département back to its commune', () => {
    const nancy = cnfs.findIndex((row) => row.commune === 'NANCY' && row.adresse === '17 RUE LAURENT BONNEVAY');
    const row = cnfs[nancy];
    if (!row) throw new Error('fixture row missing');
    const { geo, problems } = geocodeRecord(fromCsv(row, nancy + 2, true), index);
    expect(geo).toMatchObject({ precision: 'commune', codeInsee: '54395' });
    expect(problems.map((p) => p.code)).toEqual(['coordonnees-eloignees']);
    expect(problems[0]?.message).toMatch(/à \d+ km de la commune Nancy \(54395\)/);
  });
});

describe('coordinates in the row', () => {
  const niort = { commune: 'Niort', code_postal: '79000', adresse: '1 place Martin Bastard' };

  it('keeps valid coordinates at address precision with the current commune', () => {
    const { geo, problems } = geocodeRecord(validRow({ ...niort, latitude: 46.3237, longitude: -0.4648 }), index);
    expect(geo).toEqual({ precision: 'adresse', method: 'coordonnees', lat: 46.3237, lon: -0.4648, codeInsee: '79191' });
    expect(problems).toEqual([]);
  });

  it('swaps latitude and longitude back, with a warning saying how to fix the file', () => {
    const { geo, problems } = geocodeRecord(validRow({ commune: 'Paris', code_postal: '75004', latitude: 2.3522, longitude: 48.8566 }, 7), index);
    expect(geo).toMatchObject({ precision: 'adresse', method: 'coordonnees-inversees', lat: 48.8566, lon: 2.3522, codeInsee: '75056' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'lieux.csv', line: 7, severity: 'warning', code: 'coordonnees-inversees', value: '2.3522, 48.8566' });
    expect(problems[0]?.message).toContain('inversez les colonnes latitude et longitude');
  });

  it('converts Lambert-93 metres, in either column order', () => {
    // The projection's origin: 700 000 m E, 6 600 000 m N is 46.5° N, 3° E by definition.
    for (const [latitude, longitude] of [
      [6_600_000, 700_000],
      [700_000, 6_600_000],
    ]) {
      const { geo, problems } = geocodeRecord(validRow({ commune: 'Saint-Hilaire', code_postal: '03440', latitude, longitude }), index);
      expect(geo?.method).toBe('lambert93');
      expect(geo?.lat).toBeCloseTo(46.5, 5);
      expect(geo?.lon).toBeCloseTo(3, 5);
      expect(problems.map((p) => p.code)).toEqual(['coordonnees-lambert93']);
    }
  });

  it('ignores 0,0 and points outside France, and falls back to the commune', () => {
    for (const [latitude, longitude, code] of [
      [0, 0, 'coordonnees-nulles'],
      [40.4168, -3.7038, 'coordonnees-hors-france'],
    ] as const) {
      const { geo, problems } = geocodeRecord(validRow({ ...niort, latitude, longitude }), index);
      expect(geo).toMatchObject({ precision: 'commune', method: 'code-postal-nom', codeInsee: '79191' });
      expect(problems.map((p) => p.code)).toEqual([code]);
    }
  });

  it('accepts overseas coordinates in their own territory', () => {
    const { geo, problems } = geocodeRecord(validRow({ commune: 'Mamoudzou', code_postal: '97600', latitude: -12.7806, longitude: 45.2279 }), index);
    expect(geo).toMatchObject({ precision: 'adresse', codeInsee: '97611' });
    expect(problems).toEqual([]);
  });
});

describe('commune resolution', () => {
  it('resolves a merged commune’s old INSEE code to the current commune, with a warning', () => {
    const { geo, problems } = geocodeRecord(validRow({ commune: 'Arbignieu', code_postal: '01300', code_insee: '01340' }), index);
    expect(geo).toMatchObject({ method: 'code-insee', codeInsee: '01015' });
    expect(problems.map((p) => p.code)).toEqual(['code-insee-ancien']);
    expect(problems[0]?.message).toContain('remplacez-le par 01015');
  });

  it('trusts the INSEE code over a commune name that contradicts it, and says so', () => {
    const { geo, problems } = geocodeRecord(validRow({ commune: 'Niort', code_postal: '79000', code_insee: '54395' }), index);
    expect(geo).toMatchObject({ method: 'code-insee', codeInsee: '54395' });
    expect(problems.map((p) => p.code)).toEqual(['code-insee-incoherent']);
    expect(problems[0]?.message).toContain('(code INSEE 79191)');
    // An arrondissement's code with the city's name is no contradiction.
    expect(geocodeRecord(validRow({ commune: 'Paris', code_postal: '75015', code_insee: '75115' }), index).problems).toEqual([]);
  });

  it('resolves arrondissement spellings to the city’s code and the arrondissement’s point', () => {
    const marseille11 = index.byCode('13211');
    const cases = [
      { commune: 'MARSEILLE 11', code_postal: '13011', code: '13055', point: marseille11 },
      { commune: 'Marseille', code_postal: '13011', code: '13055', point: marseille11 },
      { commune: 'Lyon 3ème', code_postal: '69003', code: '69123', point: index.byCode('69383') },
      { commune: 'Paris 15e', code_postal: '75015', code: '75056', point: index.byCode('75115') },
    ];
    for (const { commune, code_postal, code, point } of cases) {
      const { geo, problems } = geocodeRecord(validRow({ commune, code_postal }), index);
      expect(geo, commune).toMatchObject({ codeInsee: code, lat: point?.lat, lon: point?.lon });
      expect(problems).toEqual([]);
    }
  });

  it('finds the commune of a CEDEX postal code by département and name', () => {
    const { geo, problems } = geocodeRecord(validRow({ commune: 'NIORT CEDEX 9', code_postal: '79027' }), index);
    expect(geo).toMatchObject({ precision: 'commune', method: 'departement-nom', codeInsee: '79191' });
    expect(problems).toEqual([]);
  });

  it('takes the only commune of a postal code when the name is a locality, with a warning', () => {
    // Puyricard is a village of Aix-en-Provence, the only commune of 13540.
    const { geo, problems } = geocodeRecord(validRow({ commune: 'PUYRICARD', code_postal: '13540' }), index);
    expect(geo).toMatchObject({ method: 'code-postal-unique', codeInsee: '13001' });
    expect(problems.map((p) => p.code)).toEqual(['commune-corrigee']);
  });

  it('recognises names cut short, without their article, misspelt, or of a former commune', () => {
    const cases = [
      { commune: 'Barbezieux', code_postal: '16300', code: '16028', problem: 'commune-approchee' },
      { commune: 'Tampon', code_postal: '97418', code: '97422', problem: 'commune-approchee' },
      { commune: 'Rambervilelrs', code_postal: '88700', code: '88367', problem: 'commune-approchee' },
      { commune: 'VIRE', code_postal: '14500', code: '14762', problem: undefined },
      { commune: 'SARRALBE', code_postal: '54430', code: '57628', problem: 'code-postal-incoherent' },
    ];
    for (const { commune, code_postal, code, problem } of cases) {
      const { geo, problems } = geocodeRecord(validRow({ commune, code_postal }), index);
      expect(geo?.codeInsee, commune).toBe(code);
      expect(problems.map((p) => p.code)).toEqual(problem ? [problem] : []);
    }
    // "Saint" alone fits several communes of 24200: no guess.
    expect(index.approximateNameInPostalCode('24200', 'Saint')).toBeUndefined();
  });

  it('places communes GeoNames lacks at their own point, at commune precision', () => {
    // Before the 2018 points, Séderon borrowed a point 36 km away, Papaïchton one 160 km away.
    for (const [commune, code_postal, code] of [
      ['Séderon', '26560', '26340'],
      ['PAPAICHTON', '97316', '97362'],
    ] as const) {
      const own = index.byCode(code)!;
      expect(own.point).toBe('ign-2018');
      const { geo } = geocodeRecord(validRow({ commune, code_postal }), index);
      expect(geo, commune).toEqual({ precision: 'commune', method: 'code-postal-nom', lat: own.lat, lon: own.lon, codeInsee: code });
    }
  });

  it('places a venue of a Paris arrondissement at Paris’s own point, which its arrondissements borrow', () => {
    const paris = index.byCode('75056')!;
    for (const fields of [{ code_insee: '75115' }, { commune: 'Paris 15e', code_postal: '75015' }]) {
      const { geo } = geocodeRecord(validRow(fields), index);
      expect(geo).toMatchObject({ precision: 'commune', lat: paris.lat, lon: paris.lon, codeInsee: '75056' });
    }
  });

  it('says when a known commune is placed at a point borrowed from another commune', () => {
    // Celles (15031), re-established since 2018, has no point of its own in any source.
    const { geo, problems } = geocodeRecord(validRow({ commune: 'Celles', code_postal: '15170', code_insee: '15031' }), index);
    expect(geo).toMatchObject({ precision: 'commune_voisine', method: 'code-insee', codeInsee: '15031' });
    expect(problems).toEqual([]);
  });

  it('falls back to the postal code, then the département, flagged as coarse', () => {
    const byPostal = geocodeRecord(validRow({ commune: 'Commune inventée', code_postal: '79000' }), index);
    expect(byPostal.geo).toMatchObject({ precision: 'code_postal', codeInsee: null });
    const byDepartement = geocodeRecord(validRow({ commune: 'Commune inventée', code_postal: '79999' }), index);
    expect(byDepartement.geo).toMatchObject({ precision: 'departement', codeInsee: null });
    expect(byDepartement.problems[0]?.message).toContain('Deux-Sèvres');
  });

  it('rejects a row that cannot be placed, with an error naming the values', () => {
    const { geo, problems } = geocodeRecord(validRow({ commune: 'Nulle-Part', code_postal: '00000' }, 12), index);
    expect(geo).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 12, severity: 'error', code: 'lieu-non-localisable', value: '00000' });
    expect(problems[0]?.message).toContain('« Nulle-Part »');
  });

  it('uses an address from the online geocoder’s cache when the row has no coordinates', () => {
    const cache = new Map<string, OnlineCacheEntry>([
      [onlineCacheKey('1 Place Martin Bastard', '79000', '79191'), { lat: 46.3236, lon: -0.4647, score: 0.95, label: '1 Place Martin Bastard 79000 Niort' }],
    ]);
    const { geo } = geocodeRecord(validRow({ commune: 'NIORT', code_postal: '79000', adresse: '1 PLACE MARTIN BASTARD' }), index, cache);
    expect(geo).toEqual({ precision: 'adresse', method: 'ban', lat: 46.3236, lon: -0.4647, codeInsee: '79191' });
  });
});
