import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { enrichVenues } from '../src/pipeline/5-enrich/enrich.ts';
import { emptyRecord, type StandardRecord } from '../src/pipeline/schema.ts';
import type { MergedVenue } from '../src/pipeline/types.ts';
import { buildTerritoryTree } from '../src/site/territory-view.ts';
import { venuePageProps, venueTitles } from '../src/site/venue-page.ts';

const reference = loadReferenceData();

function merged(slug: string, codeInsee: string, fields: Partial<StandardRecord>): MergedVenue {
  return {
    slug,
    record: { ...emptyRecord(), nom: slug, ...fields },
    geo: { precision: 'adresse', method: 'test', lat: 46.3237, lon: -0.4588, codeInsee },
    sources: [{ file: 'a.csv', line: 2, id: slug }],
  };
}

describe('venue pages', () => {
  const { venues, schedules } = enrichVenues(
    [
      merged('a', '79191', { nom: 'Médiathèque', commune: 'NIORT', code_postal: '79000', adresse: '1 rue Thiers', horaires: 'Mo 09:00-12:00' }),
      merged('b', '79191', { nom: 'MÉDIATHÈQUE', commune: 'Niort', code_postal: '79000', adresse: '2 place de la Brèche' }),
      merged('c', '79191', { nom: 'France Services', commune: 'Niort', code_postal: '79000' }),
    ],
    reference,
    new Date('2026-11-16T00:00:00Z'),
  );
  const tree = buildTerritoryTree(venues, reference);

  it('titles namesakes with their street and postal code, others with their commune', () => {
    const titles = venueTitles(venues, (venue) => tree.places.get(venue.slug)?.commune?.commune.nom ?? venue.record.commune);
    expect(titles.get('a')).toBe('Médiathèque (1 rue Thiers, 79000 Niort)');
    expect(titles.get('b')).toBe('MÉDIATHÈQUE (2 place de la Brèche, 79000 Niort)');
    expect(titles.get('c')).toBe('France Services (Niort)');
  });

  it('gives each page its schedule, nearby venues and place in the territory pages', () => {
    const props = venuePageProps(venues, schedules, tree);
    const first = props.find((p) => p.venue.slug === 'a')!;
    expect(first.schedule?.days[0]).toEqual([540, 720]);
    expect(props.find((p) => p.venue.slug === 'b')!.schedule).toBeNull();
    expect(first.departement).toEqual({ code: '79', nom: 'Deux-Sèvres' });
    expect(first.commune).toEqual({ nom: 'Niort', slug: 'niort' });
    expect(first.nearby.map((n) => n.slug).sort()).toEqual(['b', 'c']);
  });
});
