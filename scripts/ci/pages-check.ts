/**
 * The deployment's two refusals, each with a message saying what to do:
 *
 *   node scripts/ci/pages-check.ts data
 *     before the build: the listing files (DATA_DIR, default data/lieux/) must not hold the
 *     fictitious demonstration rows, which must never reach a public site;
 *   node scripts/ci/pages-check.ts size [--dist dist] [--limit-bytes 1000000000]
 *     after the build: GitHub Pages publishes sites of at most 1 GB.
 *
 * Exit code 0 when the check passes, 1 when it refuses, 2 when it cannot run.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { listingsDir, readListingFiles, REPO_ROOT } from '../../src/io/files.ts';
import { parseCsvFile } from '../../src/pipeline/1-parse/parse.ts';
import { isDemoSource } from '../../src/pipeline/demo-marker.ts';
import { annotateError, appendSummary } from './github.ts';

/** GitHub Pages' limit on a published site. */
export const PAGES_LIMIT_BYTES = 1_000_000_000;

function refuse(message: string): never {
  annotateError(message);
  appendSummary(`## Déploiement refusé\n\n${message}\n`);
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dist: { type: 'string', default: 'dist' },
    'limit-bytes': { type: 'string', default: String(PAGES_LIMIT_BYTES) },
  },
});

const check = positionals[0];
if (check === 'data') {
  const dir = listingsDir();
  const demoFiles = readListingFiles(dir)
    .files.filter((file) => parseCsvFile(file.name, file.bytes).rows.some((row) => isDemoSource((row.cells.source ?? '').trim())))
    .map((file) => file.name);
  if (demoFiles.length > 0) {
    refuse(
      `Les fichiers de lieux contiennent les données fictives de démonstration (${demoFiles.length} fichier(s), par exemple ` +
        `${demoFiles[0]}) : elles ne sont jamais publiées. Lancez « npm run sync:national » (ou le workflow ` +
        '« Synchronisation nationale ») pour les remplacer par le fichier national, ou remplacez-les par vos propres fichiers ' +
        `dans ${path.relative(REPO_ROOT, dir) || dir}/.`,
    );
  }
  process.stdout.write(`Aucune donnée de démonstration dans ${dir}.\n`);
} else if (check === 'size') {
  const dist = path.resolve(REPO_ROOT, values.dist);
  const limit = Number(values['limit-bytes']);
  const bytes = folderBytes(dist);
  const gigabytes = (n: number) => `${(n / 1e9).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} Go`;
  if (bytes > limit) {
    refuse(
      `Le site construit (${path.relative(REPO_ROOT, dist) || dist}/) pèse ${gigabytes(bytes)}, plus que la limite de GitHub Pages ` +
        `(${gigabytes(limit)}). Publiez le dossier dist/ sur un hébergement de fichiers statiques sans cette limite : ` +
        'un stockage objet (S3, Scaleway Object Storage, OVHcloud Object Storage) derrière un CDN, ou un serveur web (nginx, Apache). ' +
        'Voir « Déployer » dans le README.',
    );
  }
  process.stdout.write(`Site construit : ${gigabytes(bytes)}, sous la limite de GitHub Pages (${gigabytes(limit)}).\n`);
} else {
  process.stderr.write('Usage : pages-check.ts data | size [--dist dist] [--limit-bytes 1000000000]\n');
  process.exit(2);
}
