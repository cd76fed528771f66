import { venueCards } from '../src/pipeline/6-outputs/venue-cards.ts';
import { enrichVenues } from '../src/pipeline/5-enrich/enrich.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { readSiteConfig } from '../src/config.ts';
import { describe, expect, it } from 'vitest';
import { emptyRecord, type StandardRecord } from '../src/pipeline/schema.ts';
import type { Geocode, Venue } from '../src/pipeline/types.ts';
import { sameAddressLabel } from '../src/common/search-format.ts';
import { formatDateFr } from '../src/common/numbers.ts';
import {
  completeness,
  contactLinks,
  displayPhone,
  isStale,
  itineraryUrl,
  mailtoLink,
  nearbyVenues,
  positionNote,
  receivesPublic,
  reportErrorLinks,
  safeWebUrl,
  sourceLinks,
  telLink,
} from '../src/site/venue-view.ts';
import { typologieLabel } from '../src/pipeline/typology-labels.ts';

const REFERENCE = loadReferenceData();
const PRECISE: Geocode = { precision: 'adresse', method: 'coordonnees', lat: 45.75, lon: 4.85, codeInsee: '69123' };

function record(fields: Partial<StandardRecord>): StandardRecord {
  return { ...emptyRecord(), nom: 'Médiathèque', commune: 'Lyon', code_postal: '69001', ...fields };
}

function venue(slug: string, lat: number, lon: number, fields: Partial<StandardRecord> = {}): Venue {
  const merged = { slug, record: record(fields), geo: { ...PRECISE, lat, lon }, sources: [{ file: 'reseau/lyon.csv', line: 12, id: slug, source: 'Réseau Lyon' }] };
  return enrichVenues([merged], REFERENCE, new Date('2026-11-16T00:00:00Z')).venues[0]!;
}

describe('safe links', () => {
  it('keeps http(s) sites and drops javascript:, data: and relative URLs', () => {
    expect(safeWebUrl('https://exemple.fr/lieu')).toBe('https://exemple.fr/lieu');
    expect(safeWebUrl(' HTTP://exemple.fr ')).toBe('http://exemple.fr/');
    expect(safeWebUrl('javascript:alert(1)')).toBeNull();
    expect(safeWebUrl('JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeWebUrl('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(safeWebUrl('//exemple.fr')).toBeNull();
    expect(safeWebUrl('https://')).toBeNull();
  });

  it('builds mailto: only from plain addresses (no header injection)', () => {
    expect(mailtoLink(' accueil@mairie.fr ')).toBe('mailto:accueil@mairie.fr');
    expect(mailtoLink('a@b.fr?bcc=victime@x.fr')).toBeNull();
    expect(mailtoLink('javascript:alert(1)//@x.fr')).toBeNull();
    expect(mailtoLink('pas une adresse')).toBeNull();
  });

  it('builds tel: from stored numbers and shows them the French way', () => {
    expect(telLink('+33123456789')).toBe('tel:+33123456789');
    expect(telLink('01 23 45 67 89')).toBe('tel:0123456789');
    expect(telLink('javascript:alert(1)')).toBeNull();
    expect(displayPhone('+33123456789')).toBe('01 23 45 67 89');
    expect(displayPhone('+262639989928')).toBe('06 39 98 99 28');
    expect(displayPhone('+590590123456')).toBe('05 90 12 34 56');
    expect(displayPhone('+687123456')).toBe('+687123456');
  });

  it('lists only the safe contact links of a record, in order', () => {
    const links = contactLinks(
      record({
        telephone: '+33472000000',
        courriels: ['contact@lieu.fr', 'bad address'],
        site_web: ['javascript:alert(document.cookie)', 'https://lieu.fr/'],
      }),
    );
    expect(links).toEqual([
      { kind: 'telephone', href: 'tel:+33472000000', label: '04 72 00 00 00' },
      { kind: 'courriel', href: 'mailto:contact@lieu.fr', label: 'contact@lieu.fr' },
      { kind: 'site', href: 'https://lieu.fr/', label: 'lieu.fr' },
    ]);
  });
});

describe('staleness and dates', () => {
  const now = new Date('2025-06-15T12:00:00Z');
  it('warns after one year, not before', () => {
    expect(isStale('2024-06-16', now)).toBe(false);
    expect(isStale('2024-06-14', now)).toBe(true);
    expect(isStale('2025-01-01', now)).toBe(false);
    expect(isStale('', now)).toBe(true);
  });
  it('writes dates in French', () => {
    expect(formatDateFr('2024-03-01')).toBe('1er mars 2024');
    expect(formatDateFr('2023-12-25')).toBe('25 décembre 2023');
    expect(formatDateFr('n’importe quoi')).toBe('n’importe quoi');
  });
});

describe('completeness', () => {
  it('counts the important fields and names the missing ones', () => {
    const empty = completeness({ record: record({}), geo: { ...PRECISE, precision: 'commune' } });
    expect(empty).toMatchObject({ filled: 0, total: 12, percent: 0 });
    expect(empty.missing).toContain("horaires d'ouverture");
    expect(empty.missing).toContain('position précise');

    const partial = completeness({
      record: record({ horaires: 'Mo-Fr 09:00-12:00', telephone: '+33472000000', services: ['Aide aux démarches administratives'] }),
      geo: PRECISE,
    });
    expect(partial).toMatchObject({ filled: 4, total: 12, percent: 33 });
    expect(partial.missing).not.toContain("horaires d'ouverture");
    expect(partial.missing).toContain('courriels');
  });
});

describe('labels and notes', () => {
  it('names structure types in French, falling back to the code', () => {
    expect(typologieLabel('RFS')).toBe('France Services');
    expect(typologieLabel('BIB')).toBe('Bibliothèque, médiathèque');
    expect(typologieLabel('XYZ')).toBe('XYZ');
  });
  it('warns when the venue does not receive the public', () => {
    expect(receivesPublic(record({ modalites_acces: ['Se présenter'] }))).toBe(true);
    expect(receivesPublic(record({ modalites_acces: ["Ce lieu n'accueille pas de public"] }))).toBe(false);
  });
  it('explains coarse positions only', () => {
    expect(positionNote(PRECISE)).toBeNull();
    expect(positionNote({ ...PRECISE, precision: 'commune' })).toBe('Position approximative (centre de la commune).');
    expect(positionNote({ ...PRECISE, precision: 'commune_voisine' })).toBe('Position approximative (point d’une commune voisine).');
  });
  it('links to OpenStreetMap directions', () => {
    expect(itineraryUrl(PRECISE)).toBe('https://www.openstreetmap.org/directions?to=45.750000%2C4.850000');
  });
});

describe('project links', () => {
  const { links } = readSiteConfig({ PUBLIC_REPO_URL: 'https://github.com/org/depot/', PUBLIC_CONTACT_EMAIL: '' });

  it('reads the repository from the environment, with a default', () => {
    expect(links.contributingUrl).toBe('https://github.com/org/depot/blob/main/CONTRIBUTING.md');
    expect(readSiteConfig({}).links.repoUrl).toMatch(/^https:\/\/github\.com\//);
  });

  it('points the producer to the source line and the file editor', () => {
    expect(sourceLinks({ file: 'reseau/lyon.csv', line: 12, id: 'x', source: 'Réseau Lyon' }, links)).toEqual({
      view: 'https://github.com/org/depot/blob/main/data/lieux/reseau/lyon.csv?plain=1#L12',
      edit: 'https://github.com/org/depot/edit/main/data/lieux/reseau/lyon.csv',
    });
  });

  it('prefills an issue naming the venue and every source, and a mailto only when configured', () => {
    const merged = { ...venue('mediatheque-lyon-abc', 45.75, 4.85), sources: [
      { file: 'a.csv', line: 2, id: '1', source: 'A' },
      { file: 'b.csv', line: 7, id: '9', source: 'B' },
    ] };
    const report = reportErrorLinks(merged, 'https://site.fr/lieux/mediatheque-lyon-abc/', links);
    const issue = new URL(report.issue);
    expect(issue.pathname).toBe('/org/depot/issues/new');
    expect(issue.searchParams.get('title')).toBe('Erreur sur la fiche « Médiathèque » (Lyon)');
    expect(issue.searchParams.get('body')).toContain('a.csv ligne 2 (id 1) ; b.csv ligne 7 (id 9)');
    expect(report.email).toBeNull();
    const withEmail = reportErrorLinks(merged, 'https://site.fr/', { ...links, contactEmail: 'donnees@site.fr' });
    expect(withEmail.email).toMatch(/^mailto:donnees@site\.fr\?subject=/);
  });
});

describe('nearby venues', () => {
  it('finds the nearest other venues, closest first, within the distance limit', () => {
    const venues = [
      venue('a', 45.75, 4.85),
      venue('b', 45.76, 4.85),
      venue('c', 45.8, 4.85),
      venue('d', 45.75, 4.86),
      venue('far', 48.85, 2.35),
    ];
    const nearby = nearbyVenues(venues, 2, 50);
    expect(nearby.get('a')!.map((n) => n.venue.slug)).toEqual(['d', 'b']);
    expect(nearby.get('a')![0]!.km).toBeCloseTo(0.78, 1);
    expect(nearby.get('far')).toEqual([]);
  });

  it('never gives a venue its own double as a nearby venue, and counts the doubles of another place once', () => {
    const venues = [
      { ...venue('a', 45.75, 4.85), doubles: ['a-bis'] },
      { ...venue('a-bis', 45.7501, 4.85), doubles: ['a'] },
      { ...venue('b', 45.752, 4.85), doubles: ['b-bis'] },
      { ...venue('b-bis', 45.7521, 4.85), doubles: ['b'] },
      venue('c', 45.755, 4.85),
    ];
    const nearby = nearbyVenues(venues, 5, 50);
    expect(nearby.get('a')!.map((n) => n.venue.slug)).toEqual(['b', 'c']);
    // The nearest page of each place stands for it.
    expect(nearby.get('c')!.map((n) => n.venue.slug)).toEqual(['b-bis', 'a-bis']);
  });
});

describe('venue cards', () => {
  it('show the venues one source lists twice at one address as one card, where the first comes', () => {
    const venues = [
      { ...venue('mediatheque', 45.75, 4.85), doubles: ['mediatheque-bis'] },
      venue('mairie', 45.76, 4.85),
      { ...venue('mediatheque-bis', 45.75, 4.85), doubles: ['mediatheque'] },
    ];
    const cards = venueCards(venues);
    expect(cards.map((card) => [card.venue.slug, card.doubles.map((d) => d.slug)])).toEqual([
      ['mediatheque', ['mediatheque-bis']],
      ['mairie', []],
    ]);
    expect(sameAddressLabel(1 + cards[0]!.doubles.length)).toBe('2 fiches à cette adresse');
  });
});
