import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCommuneIndex, communeNameKey, parseReferenceData, serializeReferenceData } from '../src/pipeline/3-geocode/reference.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';

const COG_DIR = path.resolve(import.meta.dirname, '../node_modules/@etalab/decoupage-administratif/data');
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

  it('gives every commune a point inside France and says where it comes from', () => {
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
    expect(index.byCode('75115')).toMatchObject({ point: 'voisine-code-postal', parent: '75056' });
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
