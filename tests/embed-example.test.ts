/** The live example of `/integrer/`, chosen from the published venues so that it always shows some. */
import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { filterVocabularies } from '../src/pipeline/6-outputs/search-index.ts';
import { emptyRecord } from '../src/pipeline/schema.ts';
import type { Venue } from '../src/pipeline/types.ts';
import { embedExample } from '../src/site/embed-example.ts';

const reference = loadReferenceData();

function venue(id: string, departement: string, services: string[], codeInsee: string | null = null, doubles?: string[]): Venue {
  return {
    ...(doubles ? { doubles } : {}),
    slug: `lieu-${id}`,
    record: { ...emptyRecord(), id, nom: `Lieu ${id}`, code_postal: `${departement}100`, services },
    geo: { precision: 'commune', method: 'commune', lat: 46, lon: 2, codeInsee },
    sources: [{ file: 'lieux.csv', line: 2, id, source: 'fichier test' }],
    place: { commune: null, departement, region: null, timeZone: 'Europe/Paris', holidayZone: '' },
    schedule: -1,
  } as unknown as Venue;
}

describe('the embed example', () => {
  const services = filterVocabularies().services;
  const [first, second] = services.values as [string, string];

  it('takes the département with the most venues and the service most of them offer', () => {
    // Départements as the finder's dep= reads them: from the commune's code, else the postal code.
    const venues = [
      venue('a', '79', [first]),
      venue('b', '03', [second]),
      venue('c', '03', [first, second]),
      venue('d', '03', [second, 'Un service hors du vocabulaire']),
      // Its postal code says 79, its commune 03: it counts in 03.
      venue('e', '79', [first], '03185'),
      // One place listed four times by its source: one card, as in the finder's list.
      venue('f', '79', [second], null, ['lieu-g', 'lieu-h', 'lieu-i']),
      venue('g', '79', [second]),
      venue('h', '79', [second]),
      venue('i', '79', [second]),
    ];
    const example = embedExample(venues, reference.departements, services)!;
    expect(example.departement.code).toBe('03');
    expect(example.service).toEqual({ label: second, slug: services.slugs[1] });
    expect(example.venues).toBe(3);
  });

  it('gives nothing rather than an example without venues', () => {
    expect(embedExample([], reference.departements, services)).toBeNull();
    expect(embedExample([venue('a', '79', ['Un service hors du vocabulaire'])], reference.departements, services)).toBeNull();
  });
});
