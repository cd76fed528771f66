import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommuneIndex, communeNameKey, hasOwnPoint, parseReferenceData, serializeReferenceData } from '../src/pipeline/3-geocode/reference.ts';
import { loadReferenceData, REFERENCE_FILE } from '../src/io/reference-files.ts';
import { needsShared, sharedFile } from './shared-fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const COG_DIR = path.join(ROOT, 'node_modules/@etalab/decoupage-administratif/data');
const POINTS_2018 = sharedFile('reference/communes-centroides-2018.csv');
const cog = JSON.parse(readFileSync(path.join(COG_DIR, 'communes.json'), 'utf8')) as Array<{
  code: string;
  type: string;
  zone: string;
  departement: string;
  population?: number;
}>;

const reference = loadReferenceData();
const index = buildCommuneIndex(reference);
const communes = reference.communes.filter((c) => !c.parent);
const arrondissements = reference.communes.filter((c) => c.parent);

describe('reference table', () => {
  it('holds every current commune of metropolitan France and the DROM, the Atlantic COMs, and the 45 arrondissements', () => {
    const cogCurrent = cog.filter((c) => c.type === 'commune-actuelle');
    expect(cogCurrent).toHaveLength(34_969);
    const expected = cogCurrent.filter((c) => c.zone !== 'com' || ['975', '977', '978'].includes(c.departement));
    expect(communes.map((c) => c.code).sort()).toEqual(expected.map((c) => c.code).sort());
    expect(communes.length).toBe(34_879);
    expect(arrondissements).toHaveLength(45);
    expect(new Set(arrondissements.map((a) => a.parent))).toEqual(new Set(['75056', '69123', '13055']));
  });

  it('counts the population once: arrondissements are at 0, their cities hold it', () => {
    const total = communes.reduce((sum, c) => sum + c.population, 0);
    const cogTotal = cog
      .filter((c) => c.type === 'commune-actuelle' && (c.zone !== 'com' || ['975', '977', '978'].includes(c.departement)))
      .reduce((sum, c) => sum + (c.population ?? 0), 0);
    expect(total).toBe(cogTotal);
    expect(total).toBeGreaterThan(68_000_000);
    expect(arrondissements.every((a) => a.population === 0)).toBe(true);
    expect(index.byCode('75056')?.population).toBeGreaterThan(2_000_000);
  });

  it('gives every commune a point and says where it comes from', () => {
    for (const c of reference.communes) {
      expect(Number.isFinite(c.lat) && Number.isFinite(c.lon)).toBe(true);
      expect(c.lat).toBe(Math.round(c.lat * 1e4) / 1e4);
    }
    const niort = index.byCode('79191');
    expect(niort).toMatchObject({ nom: 'Niort', point: 'geonames', departement: '79' });
    expect(niort?.lat).toBeCloseTo(46.32, 1);
    expect(niort?.lon).toBeCloseTo(-0.46, 1);
    const geonames = reference.communes.filter((c) => c.point === 'geonames').length;
    expect(geonames).toBeGreaterThan(14_500);
    // Marseille's and Lyon's arrondissements have their own GeoNames point, Paris's take the city's.
    expect(index.byCode('13211')).toMatchObject({ point: 'geonames', parent: '13055' });
    const paris = index.byCode('75056')!;
    expect(index.byCode('75115')).toMatchObject({ point: 'voisine-code-postal', parent: '75056', lat: paris.lat, lon: paris.lon });
  });

  it('gives every current commune a point of its own, but five re-established ones', () => {
    const borrowed = communes.filter((c) => !hasOwnPoint(c));
    expect(borrowed.map((c) => `${c.code} ${c.point}`)).toEqual(
      ['15031', '15035', '15047', '15171', '85165'].map((code) => `${code} ign-2018-rattachement`),
    );
    // They take the 2018 point of the commune they were part of (Neussargues en Pinatelle, Essarts en Bocage).
    expect(index.byCode('15031')).toMatchObject({ lat: 45.1501, lon: 2.943 });
    expect(index.byCode('85165')).toMatchObject({ lat: 46.7828, lon: -1.2101 });
    // Communes nouvelles created since 2018 take the 2018 point of the former commune bearing their name.
    for (const code of ['12218', '14581', '49126', '69114']) expect(index.byCode(code)?.point).toBe('ign-2018-ancien-code');
    expect(index.byCode('69114')).toMatchObject({ lat: 45.9624, lon: 4.6569 });
    // The Atlantic overseas collectivities, outside the 2018 file, have a GeoNames point.
    for (const code of ['97501', '97502', '97701', '97801']) expect(index.byCode(code)?.point).toBe('geonames');
    // A GeoNames point 81 km away from the commune is another place's: the 2018 point wins.
    expect(index.byCode('44124')).toMatchObject({ nom: 'Le Pin', point: 'ign-2018' });
    expect(index.byCode('13004')).toMatchObject({ nom: 'Arles', point: 'geonames' });
  });

  it('stays small enough to read at every build', () => {
    const bytes = statSync(REFERENCE_FILE).size;
    console.log(`data/reference/communes.json : ${(bytes / 1e6).toFixed(2)} Mo`);
    expect(bytes).toBeLessThan(3_500_000);
  });

  it('resolves stale codes to the current commune', () => {
    // Old Corsican codes (20xxx) and a commune merged into a commune nouvelle.
    expect(index.byCode('20004')?.code).toBe('2A004');
    expect(index.isStaleCode('20004')).toBe(true);
    expect(index.byCode('01340')?.code).toBe('01015');
    expect(index.isStaleCode('79191')).toBe(false);
    expect(index.byCode('99999')).toBeUndefined();
    for (const current of Object.values(reference.anciensCodes)) expect(index.byCode(current)?.code).toBe(current);
  });

  it('finds communes by postal code and name, including arrondissement spellings', () => {
    expect(index.byPostalCodeAndName('79000', 'NIORT')?.code).toBe('79191');
    expect(index.byPostalCodeAndName('13011', 'MARSEILLE 11')?.code).toBe('13211');
    expect(index.byPostalCodeAndName('69003', 'Lyon 3ème')?.code).toBe('69383');
    expect(index.byPostalCodeAndName('75015', 'Paris 15e arrondissement')?.code).toBe('75115');
    expect(index.byPostalCodeAndName('75015', 'Paris')?.code).toBe('75056');
    expect(index.byDepartementAndName('42', 'ST ETIENNE')?.code).toBe('42218');
    expect(index.byPostalCode('13011')[0]?.code).toBe('13055');
    expect(index.departementOfPostalCode('20000')).toBe('2A');
    expect(index.departementOfPostalCode('75700')).toBe('75');
    expect(communeNameKey('PARIS CEDEX 15')).toBe('paris');
  });

  it('rebuilds EPCI members from the communes exactly as published', () => {
    const published = JSON.parse(readFileSync(path.join(COG_DIR, 'epci.json'), 'utf8')) as Array<{ code: string; membres: Array<{ code: string }> }>;
    expect(reference.epcis).toHaveLength(published.length);
    for (const epci of published) {
      expect(index.epci(epci.code)?.membres.slice().sort()).toEqual(epci.membres.map((m) => m.code).sort());
    }
  });

  it('round-trips through its compact file format', () => {
    expect(parseReferenceData(serializeReferenceData(reference))).toEqual(reference);
  });
});

// Suites skipped for a missing ../shared are still collected: they read nothing outside their tests and hooks.
describe('the 2018 commune points', needsShared(POINTS_2018), () => {
  const round4 = (value: number) => Math.round(value * 1e4) / 1e4;

  it('place every commune without a trusted GeoNames point at its own 2018 point', () => {
    const rows = Papa.parse<Record<string, string>>(POINTS_2018.text(), { header: true, skipEmptyLines: true }).data;
    const points = new Map(rows.map((r) => [r.code_insee, { lat: Number(r.latitude), lon: Number(r.longitude) }]));
    const own2018 = communes.filter((c) => c.point === 'ign-2018');
    expect(own2018.length).toBeGreaterThan(20_000);
    for (const c of own2018) {
      const point = points.get(c.code);
      expect(point, c.code).toBeDefined();
      expect([c.lat, c.lon], c.code).toEqual([round4(point!.lat), round4(point!.lon)]);
    }
  });
});

describe('scripts/build-reference.ts', () => {
  let work = '';
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'build-reference-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** A copy of the script and the code it imports in `<work>/<name>/repo`, with `../shared` beside it or not. */
  function copyOfRepository(name: string, withShared: boolean): string {
    const repo = path.join(work, name, 'repo');
    mkdirSync(repo, { recursive: true });
    for (const dir of ['scripts', 'src']) cpSync(path.join(ROOT, dir), path.join(repo, dir), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'));
    if (withShared) {
      mkdirSync(path.join(work, name, 'shared/reference'), { recursive: true });
      symlinkSync(POINTS_2018.path, path.join(work, name, 'shared/reference/communes-centroides-2018.csv'));
    }
    return repo;
  }
  const run = (repo: string) => spawnSync(process.execPath, ['scripts/build-reference.ts'], { cwd: repo, encoding: 'utf8' });

  it('rebuilds the committed table byte for byte', needsShared(POINTS_2018), () => {
    const repo = copyOfRepository('complete', true);
    const result = run(repo);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Sans point propre (25)');
    expect(readFileSync(path.join(repo, 'data/reference/communes.json'), 'utf8')).toBe(readFileSync(REFERENCE_FILE, 'utf8'));
  });

  it('stops with a clear message, and writes nothing, when the 2018 points are missing', () => {
    const repo = copyOfRepository('without-shared', false);
    const result = run(repo);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Fichier des points des communes 2018 introuvable');
    expect(result.stderr).toContain('communes-centroides-2018.csv');
    expect(result.stderr).not.toMatch(/\bat \S+:\d+:\d+/);
    expect(existsSync(path.join(repo, 'data/reference/communes.json'))).toBe(false);
  });
});
