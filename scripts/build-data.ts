/**
 * Build step 1 of 2 (`npm run build`): runs the listings pipeline and the coverage measures on
 * the CSV files of DATA_DIR, and writes what the Astro pages read into .cache/pipeline/.
 * Fails loudly (non-zero exit) on anything but contributor mistakes, which go to the report.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { computeCoverage, loadProgrammeTowns } from '../src/coverage/compute.ts';
import { listingsDir, readCorrectionFiles, readListingFiles, REPO_ROOT, writeFileAtomic, writeJsonArrayAtomic } from '../src/io/files.ts';
import { runPipeline } from '../src/pipeline/run.ts';


import { PIPELINE_DIR } from '../src/site/site-data.ts';
import { loadOnlineCache, loadReferenceData } from '../src/io/reference-files.ts';

const started = performance.now();
const dir = listingsDir();
const files = readListingFiles(dir);
if (files.length === 0) {
  console.error(`Aucun fichier CSV dans ${dir} : rien à publier.`);
  process.exit(1);
}
const reference = loadReferenceData();
const { venues, report, timings } = runPipeline({ files, corrections: readCorrectionFiles(), reference, onlineCache: loadOnlineCache() });

// Programme towns (e.g. Action Cœur de Ville) are an optional overlay supplied as a CSV file.
const programmeFile = process.env.VILLES_PROGRAMME;
const programmeTowns = programmeFile ? loadProgrammeTowns(readFileSync(programmeFile, 'utf8')) : undefined;
const coverageStarted = performance.now();
const coverage = computeCoverage(venues, reference, { programmeTowns });
const coverageMs = Math.round(performance.now() - coverageStarted);

const outDir = path.resolve(REPO_ROOT, PIPELINE_DIR);
writeJsonArrayAtomic(path.join(outDir, 'venues.json'), venues);
writeFileAtomic(path.join(outDir, 'report.json'), JSON.stringify(report));
writeFileAtomic(path.join(outDir, 'coverage.json'), JSON.stringify(coverage));
writeFileAtomic(
  path.join(outDir, 'meta.json'),
  JSON.stringify({ builtAt: new Date().toISOString(), dataDir: path.relative(REPO_ROOT, dir) || '.' }),
);

const { summary } = report;
console.log(
  `Données : ${files.length} fichier(s), ${summary.rows} lignes lues → ${summary.published} lieux publiés, ` +
    `${summary.merged} fusionnés, ${summary.replaced} remplacés par une version plus récente, ${summary.rejected} rejetés ` +
    `(${summary.errors} erreurs, ${summary.warnings} avertissements). ` +
    `Détail : npm run validate.`,
);
console.log(
  `Durées (ms) : lecture ${timings.parse}, validation ${timings.validate}, géocodage ${timings.geocode}, ` +
    `dédoublonnage ${timings.deduplicate}, couverture ${coverageMs}, total ${Math.round(performance.now() - started)}.`,
);
