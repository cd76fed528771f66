import { enrichVenues } from '../src/pipeline/5-enrich/enrich.ts';
import { describe, expect, it } from 'vitest';
import { emptyRecord, type StandardRecord } from '../src/pipeline/schema.ts';
import { sitemapChunks, sitemapIndexXml, sitemapPaths, urlsetXml } from '../src/site/sitemap.ts';
import { buildTerritoryTree } from '../src/site/territory-view.ts';
import { sitePaths } from '../src/common/site-paths.ts';
import type { Commune, ReferenceData, Venue } from '../src/pipeline/types.ts';

function commune(code: string, nom: string, departement: string, region: string, extra: Partial<Commune> = {}): Commune {
  return { code, nom, population: 1000, codesPostaux: [], epci: null, departement, region, lat: 45, lon: 5, point: 'geonames', ...extra };
}

const reference: ReferenceData = {
  communes: [
    commune('01053', 'Bourg-en-Bresse', '01', '84'),
    commune('01004', 'Ambérieu-en-Bugey', '01', '84'),
    commune('38185', 'Grenoble', '38', '84'),
    // Two communes of one département with the same name get distinct URLs.
    commune('38001', 'Les Adrets', '38', '84'),
    commune('38002', 'Les Adrets', '38', '84'),
    commune('75056', 'Paris', '75', '11'),
  ],
  anciensCodes: {},
  epcis: [],
  departements: [
    { code: '01', nom: 'Ain', region: '84' },
    { code: '38', nom: 'Isère', region: '84' },
    { code: '75', nom: 'Paris', region: '11' },
  ],
  regions: [
    { code: '84', nom: 'Auvergne-Rhône-Alpes' },
    { code: '11', nom: 'Île-de-France' },
  ],
  sources: [],
};

function venue(slug: string, nom: string, codeInsee: string | null, fields: Partial<StandardRecord> = {}): Venue {
  const merged = {
    slug,
    record: { ...emptyRecord(), nom, code_postal: '01000', ...fields },
    geo: { precision: codeInsee ? ('commune' as const) : ('departement' as const), method: 'test', lat: 45, lon: 5, codeInsee },
    sources: [{ file: 'a.csv', line: 2, id: slug }],
  };
  return enrichVenues([merged], reference, new Date('2026-11-16T00:00:00Z')).venues[0]!;
}

const venues = [
  venue('b', 'Médiathèque', '01053'),
  venue('a', 'Espace numérique', '01053'),
  venue('c', 'EPN', '01004'),
  venue('d', 'CCAS', '38001'),
  venue('e', 'Mairie', '38002'),
  venue('f', 'France Services', null, { code_postal: '38000' }),
  venue('g', 'Lieu sans repère', null, { code_postal: '' }),
  venue('h', 'Centre social', '75056'),
];

describe('territory tree', () => {
  const tree = buildTerritoryTree(venues, reference);

  it('places every venue exactly once', () => {
    const placed = [...tree.departements.values()].flatMap((d) => [...d.unplaced, ...d.communes.flatMap((c) => c.venues)]);
    expect([...placed, ...tree.unattached].map((v) => v.slug).sort()).toEqual(venues.map((v) => v.slug).sort());
    expect(tree.unattached.map((v) => v.slug)).toEqual(['g']);
    expect(tree.places.size).toBe(venues.length - 1);
  });

  it('sorts régions, communes and venues by name, and counts venues', () => {
    expect(tree.regions.map((r) => [r.region.nom, r.venueCount])).toEqual([
      ['Auvergne-Rhône-Alpes', 6],
      ['Île-de-France', 1],
    ]);
    const ain = tree.departements.get('01')!;
    expect(ain.communes.map((c) => c.commune.nom)).toEqual(['Ambérieu-en-Bugey', 'Bourg-en-Bresse']);
    expect(ain.communes[1]!.venues.map((v) => v.record.nom)).toEqual(['Espace numérique', 'Médiathèque']);
  });

  it('keeps venues without a commune on their département page, and commune URLs unique', () => {
    const isere = tree.departements.get('38')!;
    expect(isere.unplaced.map((v) => v.slug)).toEqual(['f']);
    expect(isere.communes.map((c) => c.slug)).toEqual(['les-adrets-38001', 'les-adrets-38002']);
    expect(isere.venueCount).toBe(3);
    expect(sitePaths('/').commune('2A', 'ajaccio')).toBe('/territoires/2a/ajaccio/');
  });
});

describe('sitemap', () => {
  const tree = buildTerritoryTree(venues, reference);
  it('lists the fixed pages, territories, commune pages with their pagination, and venues', () => {
    const paths = sitemapPaths(venues, tree, 1, ['agde-34003'], sitePaths('/'));
    expect(paths).toContain('/couverture/villes-moyennes/agde-34003/');
    expect(paths).toContain('/integrer/');
    expect(paths).not.toContain('/integrer/carte/');
    expect(paths).toContain('/territoires/01/bourg-en-bresse/');
    expect(paths).toContain('/territoires/01/bourg-en-bresse/2/');
    expect(paths).not.toContain('/territoires/01/bourg-en-bresse/3/');
    expect(paths.filter((p) => p.startsWith('/lieux/'))).toHaveLength(venues.length);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('puts every path under the base path of a project site', () => {
    const paths = sitemapPaths(venues, tree, 1, ['agde-34003'], sitePaths('lieux'));
    expect(paths[0]).toBe('/lieux/');
    expect(paths).toContain('/lieux/territoires/01/bourg-en-bresse/2/');
    expect(paths.every((p) => p.startsWith('/lieux/'))).toBe(true);
  });

  it('splits into files of at most the limit and writes escaped absolute URLs', () => {
    expect(sitemapChunks(['/a/', '/b/', '/c/'], 2)).toEqual([['/a/', '/b/'], ['/c/']]);
    const site = new URL('https://exemple.fr');
    expect(urlsetXml(['/lieux/a&b/'], site, '2025-01-01')).toContain('<loc>https://exemple.fr/lieux/a&#38;b/</loc>');
    expect(sitemapIndexXml(['/sitemap-1.xml'], site, '2025-01-01')).toContain('<loc>https://exemple.fr/sitemap-1.xml</loc>');
  });
});
