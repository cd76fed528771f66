/**
 * Lists the candidate pairs of the cross-source evaluation (see cross-source.ts) with what a
 * person needs to label them: both rows' name, address, type and contacts, and the label already
 * given. Ends with the candidates still unlabelled and the labels that are no candidate.
 *
 *   npx node scripts/eval/candidates.ts            # every candidate
 *   npx node scripts/eval/candidates.ts --missing  # only the unlabelled ones
 */
import { existsSync, readFileSync } from 'node:fs';
import { candidatePairs, LABELS_FILE, loadCrossSourceFixture, pairKey, readLabels, realFixturesAvailable, REAL_FIXTURES } from './cross-source.ts';
import type { Row } from './cross-source.ts';

if (!realFixturesAvailable()) {
  console.error(`Données réelles introuvables dans ${REAL_FIXTURES}.`);
  process.exit(2);
}
const onlyMissing = process.argv.includes('--missing');
const fixture = loadCrossSourceFixture();
const pairs = candidatePairs(fixture);
const labels = existsSync(LABELS_FILE) ? readLabels(readFileSync(LABELS_FILE, 'utf8')) : new Map();
const rows = new Map([...fixture.cnfs, ...fixture.bfc].map((row) => [row.id, row]));
const describe = (row: Row): string =>
  [row.id, row.nom, row.adresse, `${row.code_postal} ${row.commune}`, row.typologie, row.telephone, row.courriels, row.site_web, row.dispositif_programmes_nationaux]
    .map((value) => value || '—')
    .join(' | ');

console.log(`${fixture.cnfs.length} lieux CNFS, ${fixture.bfc.length} lieux MedNum BFC, ${pairs.length} paires candidates.`);
pairs.forEach((pair, i) => {
  const label = labels.get(pairKey(pair.cnfs, pair.bfc));
  if (onlyMissing && label !== undefined) return;
  console.log(`\n#${i + 1} à ${pair.metres} m — ${label ?? 'NON ÉTIQUETÉE'}`);
  console.log(`  CNFS ${describe(rows.get(pair.cnfs)!)}`);
  console.log(`  BFC  ${describe(rows.get(pair.bfc)!)}`);
});
const candidates = new Set(pairs.map((pair) => pairKey(pair.cnfs, pair.bfc)));
const unlabelled = [...candidates].filter((key) => !labels.has(key));
const stray = [...labels.keys()].filter((key) => !candidates.has(key));
console.log(`\n${unlabelled.length} paire(s) candidate(s) sans étiquette, ${stray.length} étiquette(s) hors des candidates.`);
for (const key of stray) console.log(`  hors candidates : ${key}`);
process.exitCode = unlabelled.length + stray.length > 0 ? 1 : 0;
