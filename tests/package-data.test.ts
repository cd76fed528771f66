/**
 * The whole pipeline on real venues that ship in an npm package (see package-venues.ts), so
 * that a clone with nothing beside it still runs real data through every stage.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { departementOfCode } from '../src/common/geography.ts';
import { venuesByDepartement, venuesToCsv } from '../src/pipeline/6-outputs/exports.ts';
import { parseCsvFile } from '../src/pipeline/1-parse/parse.ts';
import { validateFiles } from '../src/pipeline/2-validate/validate.ts';
import { runPipeline, type PipelineResult } from '../src/pipeline/run.ts';
import { FIELDS } from '../src/pipeline/schema.ts';
import type { ReferenceData } from '../src/pipeline/types.ts';
import { AURA_DEPARTEMENTS, PACKAGE_VENUE_COUNT, PACKAGE_VENUES_FILE, packageVenuesCsv } from './package-venues.ts';

let reference: ReferenceData;
let result: PipelineResult;
beforeAll(() => {
  reference = loadReferenceData();
  result = runPipeline({ files: [packageVenuesCsv()], reference });
});

describe('pipeline on the Hinaura venues of @gouvfr-anct/cartographie-nationale', () => {
  it('reads the file as v0.1 and publishes every row, the counts adding up', () => {
    const { summary, files } = result.report;
    expect(files).toEqual([expect.objectContaining({ file: PACKAGE_VENUES_FILE, format: 'v0.1', rows: PACKAGE_VENUE_COUNT })]);
    expect(summary).toMatchObject({ rows: PACKAGE_VENUE_COUNT, errors: 0, rejected: 0 });
    expect(summary.published + summary.merged + summary.rejected).toBe(summary.rows);
    expect(result.venues.flatMap((venue) => venue.sources)).toHaveLength(PACKAGE_VENUE_COUNT);
  });

  it('places every venue in a commune of Auvergne-Rhône-Alpes, almost all at their address', () => {
    const departementOf = new Map(reference.communes.map((c) => [c.code, c.departement]));
    for (const venue of result.venues) {
      const departement = venue.geo.codeInsee === null ? departementOfCode(venue.record.code_postal) : departementOf.get(venue.geo.codeInsee);
      expect(AURA_DEPARTEMENTS, `${venue.record.id} ${venue.record.commune}`).toContain(departement);
    }
    expect(result.venues.filter((venue) => venue.geo.precision === 'adresse').length).toBeGreaterThan(PACKAGE_VENUE_COUNT * 0.98);
  });

  it('converts the v0.1 vocabularies into v1 values and phones into the standard form', () => {
    const services = new Set<string>(FIELDS.services.values);
    for (const venue of result.venues) {
      expect(venue.record.services.length, venue.record.id).toBeGreaterThan(0);
      for (const service of venue.record.services) expect(services).toContain(service);
      if (venue.record.telephone !== '') expect(venue.record.telephone).toMatch(/^\+\d{9,12}$/);
    }
    expect(result.venues.filter((venue) => venue.record.frais_a_charge.includes('Gratuit')).length).toBeGreaterThan(500);
  });

  it('reports the placeholder SIRET of every row gently, naming line and column', () => {
    const placeholders = result.report.problems.filter((p) => p.code === 'pivot-non-renseigne');
    expect(placeholders).toHaveLength(PACKAGE_VENUE_COUNT);
    expect(placeholders[0]).toMatchObject({ file: PACKAGE_VENUES_FILE, line: 2, column: 'pivot', severity: 'warning' });
  });

  it('exports every venue nationally and in its département, in files the validator reads back without error', () => {
    const reread = validateFiles([parseCsvFile('lieux.csv', new TextEncoder().encode(venuesToCsv(result.venues)))]);
    expect(reread.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(reread.valid).toHaveLength(result.venues.length);
    const groups = venuesByDepartement(result.venues, reference);
    expect([...groups.values()].reduce((n, list) => n + list.length, 0)).toBe(result.venues.length);
  });
});
