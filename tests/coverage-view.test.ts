/**
 * What the coverage pages say about their figures, on the demo listings and on the real national
 * file alone: the provenance line, the territories without data, a mid-sized town's « no venue »
 * against « no data », and a département's figures, ranks, towns and EPCIs.
 */
import { describe, expect, it } from 'vitest';
import { byShareBeyond } from '../src/coverage/rankings.ts';
import type { Provenance } from '../src/coverage/provenance.ts';
import { departementCoverageView, provenanceText, regionKind, sourcesText, townDataStatus, withoutDataText } from '../src/site/coverage-view.ts';
import { needsShared, sharedFixture } from './shared-fixtures.ts';
import { demoCoverage, realCoverage } from './support/coverage-data.ts';

const CNFS = sharedFixture('cnfs-2022-v1.csv');

describe('provenanceText', () => {
  const base: Provenance = { files: 1, sources: [{ name: 'conseiller-numerique', venues: 4_930 }], firstUpdate: '2022-04-15', lastUpdate: '2022-12-01', computedAt: '2026-12-01T08:00:00.000Z' };

  it('says files, sources and dates in French, with its plurals', () => {
    expect(provenanceText(base)).toBe(
      'Données : 1 fichier (source : conseiller-numerique), mises à jour entre le 15 avril 2022 et le 1er décembre 2022 ; calcul du 1er décembre 2026.',
    );
    const two = { ...base, files: 2, sources: [...base.sources, { name: 'réseau Bretagne', venues: 12 }], firstUpdate: '2024-03-03', lastUpdate: '2024-03-03' };
    expect(provenanceText(two, { scope: ' du département' })).toBe(
      'Données du département : 2 fichiers (sources : conseiller-numerique et réseau Bretagne), mises à jour le 3 mars 2024 ; calcul du 1er décembre 2026.',
    );
    const many = { ...two, sources: ['A', 'B', 'C', 'D', 'E'].map((name) => ({ name, venues: 1 })) };
    expect(provenanceText(many)).toContain('(5 sources : A, B, C et 2 autres)');
    expect(provenanceText({ ...many, sources: many.sources.slice(0, 4) })).toContain('(4 sources : A, B, C et 1 autre)');
    expect(provenanceText({ ...base, files: 0, sources: [], firstUpdate: null, lastUpdate: null }, { scope: ' du département' })).toBe(
      'Données du département : aucun lieu publié ; calcul du 1er décembre 2026.',
    );
    expect(sourcesText(two)).toBe('conseiller-numerique (4\u202f930 lieux), réseau Bretagne (12 lieux)');
  });
});

describe('coverage views of the demo listings', () => {
  it('name the demo files, and the overseas collectivities without data', () => {
    const { coverage } = demoCoverage();
    expect(coverage.provenance.files).toBe(19);
    expect(provenanceText(coverage.provenance)).toMatch(/^Données : 19 fichiers \(19 sources : Données fictives \(démonstration\) – réseau .* et 16 autres\), mises à jour entre le .* 2023 et le .* 2026 ; calcul du 1er décembre 2026\.$/);
    expect(coverage.withoutData.departements).toEqual(['975', '977', '978']);
    expect(withoutDataText(coverage)).toBe(
      'Saint-Pierre-et-Miquelon, Saint-Barthélemy et Saint-Martin (47\u202f610 habitants) n’ont aucun lieu publié, par aucune source : pas de données. Ces chiffres ne les comptent pas.',
    );
    expect(regionKind('978')).toBe('Collectivité d’outre-mer');
    expect(regionKind('84')).toBe('Région');
    // Ranked last, whatever their 100 % « beyond 10 km ».
    expect([...coverage.departements].sort(byShareBeyond(10)).slice(-3).map((d) => d.code).sort()).toEqual(['975', '977', '978']);
  });

  it('tell « no data » for Saint-Martin, a mid-sized town no listing covers', () => {
    const { coverage } = demoCoverage();
    const saintMartin = coverage.midSizedTowns.find((t) => t.code === '97801')!;
    expect(saintMartin).toMatchObject({ hasData: false, score: null, venues: 0 });
    const status = townDataStatus(saintMartin, coverage);
    expect(status.kind).toBe('no-data');
    expect(status.kind !== 'venues' && status.text).toMatch(/^Aucun fichier de lieux ne couvre Saint-Martin, aucune source n’y publie de lieu : le score n’est donc pas calculé/);
    expect(coverage.densityHistogram.at(-1)).toMatchObject({ kind: 'no-data', towns: 1 });
  });
});

describe('coverage views of the real national file', needsShared(CNFS), () => {
  it('give its provenance: one 2022 programme file', () => {
    const { coverage } = realCoverage(CNFS);
    expect(provenanceText(coverage.provenance)).toBe(
      'Données : 1 fichier (source : conseiller-numerique), mises à jour entre le 15 avril 2022 et le 1er décembre 2022 ; calcul du 1er décembre 2026.',
    );
    expect(coverage.withoutData.departements).toEqual(['975', '977']);
    const ranked = [...coverage.departements].sort(byShareBeyond(10));
    expect(ranked.slice(-2).map((d) => d.nom)).toEqual(['Saint-Barthélemy', 'Saint-Pierre-et-Miquelon']);
    expect(ranked[0]!.hasData).toBe(true);
    expect([...coverage.regions].sort(byShareBeyond(10)).slice(-2).every((r) => !r.hasData)).toBe(true);
  });

  it('tell that Montluçon lacks venues, not data: its département has them, from one source', () => {
    const { coverage } = realCoverage(CNFS);
    const montlucon = coverage.midSizedTowns.find((t) => t.code === '03185')!;
    expect(montlucon).toMatchObject({ venues: 0, hasData: true, score: 100 });
    const allier = coverage.departements.find((d) => d.code === '03')!;
    const status = townDataStatus(montlucon, coverage);
    expect(status).toEqual({
      kind: 'no-venue',
      text: `Aucun lieu n’est publié à Montluçon, alors que le département (Allier) en compte ${allier.venues}, publiés par une source (conseiller-numerique) : c’est un manque de lieux publiés ici, pas un territoire sans données.`,
    });
    expect(allier.venues).toBeGreaterThan(0);
    expect(montlucon.nearby.length).toBe(5);
    expect(montlucon.nearby[0]!.km).toBeGreaterThan(0);
  });

  it('give the Allier page its figures, ranks, mid-sized towns and EPCIs', () => {
    const { coverage } = realCoverage(CNFS);
    const view = departementCoverageView('03', coverage)!;
    expect(view.figures).toMatchObject({ code: '03', hasData: true });
    const withData = coverage.departements.filter((d) => d.hasData).length;
    expect(view.ranks!.of).toBe(withData);
    expect(view.ranks!.beyond10km).toBe(coverage.departements.filter((d) => d.hasData && d.shareBeyondKm[1]! > view.figures.shareBeyondKm[1]!).length + 1);
    expect(view.towns.map((t) => t.nom)).toEqual(['Montluçon', 'Vichy']);
    const epciCodes = new Set(coverage.communes.filter((c) => c.departement === '03').map((c) => c.epci));
    expect(view.epcis.length).toBe(epciCodes.size);
    expect(view.epcis.map((e) => e.shareBeyondKm[1]!)).toEqual([...view.epcis.map((e) => e.shareBeyondKm[1]!)].sort((a, b) => b - a));
    expect(provenanceText(view.provenance, { scope: ' du département' })).toMatch(/^Données du département : 1 fichier \(source : conseiller-numerique\), mises à jour entre le .* 2022 et le .* 2022 ; calcul du 1er décembre 2026\.$/);
    // A département no source covers has neither ranks nor provenance of its own.
    const miquelon = departementCoverageView('975', coverage)!;
    expect(miquelon.ranks).toBeNull();
    expect(miquelon.provenance.files).toBe(0);
  });
});
