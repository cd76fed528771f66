/**
 * Build step 1 of 2 (`npm run build`): runs the listings pipeline and the coverage measures on
 * the CSV files of DATA_DIR, and writes what the Astro pages read into .cache/pipeline/ (see
 * src/io/pipeline-cache.ts). Fails loudly (non-zero exit) on anything but contributor mistakes,
 * which go to the report; a malformed setting is a French message and exit code 2.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, readPipelineConfig, readSiteConfig } from '../src/config.ts';
import { computeCoverage, loadProgrammeTowns } from '../src/coverage/compute.ts';
import { readListingFiles, REPO_ROOT } from '../src/io/files.ts';
import { pipelineInputsHash, PIPELINE_CACHE_FORMAT, writePipelineCache } from '../src/io/pipeline-cache.ts';
import { loadOnlineCache, loadReferenceData } from '../src/io/reference-files.ts';
import { runPipeline } from '../src/pipeline/run.ts';

function readConfiguration() {
  try {
    const site = readSiteConfig();
    for (const warning of site.warnings) console.warn(`Attention : ${warning}`);
    return readPipelineConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration invalide : ${error.message}`);
    process.exit(2);
  }
}

const started = performance.now();
const config = readConfiguration();
const dir = config.dataDir;
const files = readListingFiles(dir);
if (files.length === 0) {
  console.error(`Aucun fichier CSV dans ${dir} : rien à publier.`);
  process.exit(1);
}
const reference = loadReferenceData();
const { venues, schedules, report, timings } = runPipeline({
  files,
  reference,
  onlineCache: loadOnlineCache(),
  buildDate: config.buildDate,
});

// Programme towns (e.g. Action Cœur de Ville) are an optional overlay supplied as a CSV file.
const programmeTowns = config.programmeTownsFile ? loadProgrammeTowns(readFileSync(config.programmeTownsFile, 'utf8')) : undefined;
const coverageStarted = performance.now();
const coverage = computeCoverage(venues, reference, { programmeTowns });
const coverageMs = Math.round(performance.now() - coverageStarted);

writePipelineCache(
  { venues, schedules, report, coverage },
  {
    format: PIPELINE_CACHE_FORMAT,
    inputs: pipelineInputsHash({ dataDir: dir, programmeTownsFile: config.programmeTownsFile }),
    builtAt: config.buildDate.toISOString(),
    dataDir: path.relative(REPO_ROOT, dir) || '.',
  },
);

const { summary } = report;
console.log(
  `Données : ${files.length} fichier(s), ${summary.rows} lignes lues → ${summary.published} lieux publiés, ` +
    `${summary.merged} fusionnés, ${summary.rejected} rejetés (${summary.errors} erreurs, ${summary.warnings} avertissements). ` +
    `Détail : npm run validate.`,
);
console.log(
  `Durées (ms) : lecture ${timings.parse}, validation ${timings.validate}, géocodage ${timings.geocode}, ` +
    `dédoublonnage ${timings.deduplicate}, enrichissement ${timings.enrich}, couverture ${coverageMs}, ` +
    `total ${Math.round(performance.now() - started)}.`,
);
