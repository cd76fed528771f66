/**
 * Build step 1 of 2 (`npm run build`): runs the listings pipeline and the coverage measures on
 * the CSV files of DATA_DIR, and writes what the Astro pages read into .cache/pipeline/ (see
 * src/io/pipeline-cache.ts; `--output <dossier>` writes elsewhere, to check a data folder without
 * touching the site's inputs). Contributor mistakes go to the report; the build fails (exit code
 * 2, see src/io/cli.ts) when a setting is malformed, when it cannot run, or when no venue at all
 * can be published, since an empty site would replace the published one without anyone noticing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readPipelineConfig, readSiteConfig } from '../src/config.ts';
import { computeCoverage, loadProgrammeTowns } from '../src/coverage/compute.ts';
import { CommandError, EXIT_OK, readArguments, runCommand } from '../src/io/cli.ts';
import { readCorrectionFiles, readListingFiles, REPO_ROOT } from '../src/io/files.ts';
import { PIPELINE_CACHE_FORMAT, PIPELINE_DIR, pipelineInputsHash, writePipelineCache } from '../src/io/pipeline-cache.ts';
import { loadOnlineCache, loadReferenceData } from '../src/io/reference-files.ts';
import { publishedReport } from '../src/pipeline/6-outputs/report.ts';
import { runPipeline } from '../src/pipeline/run.ts';

const command = { name: 'build', usage: 'npm run build  (ou : node scripts/build-data.ts [--output <dossier>])' };

runCommand(command, () => {
  const { values } = readArguments(command, { output: { type: 'string' } });
  const started = performance.now();
  const site = readSiteConfig();
  const config = readPipelineConfig();
  const dir = config.dataDir;
  const { files, refused } = readListingFiles(dir);
  if (files.length === 0) {
    throw new CommandError(
      `Aucun fichier CSV lisible dans ${dir} : rien à publier. Vérifiez la variable DATA_DIR` +
        (refused.length > 0 ? ` (${refused.length} entrée(s) refusée(s), voir « npm run validate »).` : '.'),
    );
  }
  const reference = loadReferenceData();
  const corrections = readCorrectionFiles();
  const { venues, schedules, holidays, report, timings } = runPipeline({
    files,
    refused: [...refused, ...corrections.refused],
    corrections: corrections.files,
    reference,
    onlineCache: loadOnlineCache(),
    buildDate: config.buildDate,
  });
  const { summary } = report;
  if (venues.length === 0) {
    throw new CommandError(
      `Aucun lieu valide à publier : les ${summary.rows} ligne(s) lue(s) dans ${files.length} fichier(s) ont toutes été rejetées ` +
        `(${summary.errors} erreur(s)). Le site n'a pas été construit, pour ne pas remplacer le site publié par un site vide. ` +
        `Lancez « npm run validate » pour voir les erreurs et les corriger.`,
    );
  }

  // Programme towns (e.g. Action Cœur de Ville) are an optional overlay supplied as a CSV file.
  const programmeTowns = config.programmeTownsFile ? loadProgrammeTowns(readFileSync(config.programmeTownsFile, 'utf8')) : undefined;
  const coverageStarted = performance.now();
  const coverage = computeCoverage(venues, reference, { programmeTowns, computedAt: config.buildDate });
  const coverageMs = Math.round(performance.now() - coverageStarted);

  const outDir = values.output === undefined ? path.resolve(REPO_ROOT, PIPELINE_DIR) : path.resolve(values.output);
  writePipelineCache(
    { venues, schedules, holidays, report: publishedReport(report), coverage },
    {
      format: PIPELINE_CACHE_FORMAT,
      inputs: pipelineInputsHash({ dataDir: dir, programmeTownsFile: config.programmeTownsFile }),
      builtAt: config.buildDate.toISOString(),
      dataDir: path.relative(REPO_ROOT, dir) || '.',
    },
    outDir,
  );

  console.log(
    `Données : ${files.length} fichier(s), ${summary.rows} lignes lues → ${summary.published} lieux publiés, ` +
      `${summary.merged} fusionnés, ${summary.replaced} remplacés par une version plus récente, ${summary.rejected} rejetés (${summary.errors} erreurs, ${summary.warnings} avertissements). ` +
      `Détail : npm run validate.`,
  );
  console.log(
    `Durées (ms) : lecture ${timings.parse}, validation ${timings.validate}, géocodage ${timings.geocode}, ` +
      `dédoublonnage ${timings.deduplicate}, enrichissement ${timings.enrich}, couverture ${coverageMs}, ` +
      `total ${Math.round(performance.now() - started)}.`,
  );
  // Last, once the build has succeeded, with its other lines: standard error is for what stops it.
  for (const warning of site.warnings) console.log(`Attention : ${warning}`);
  return EXIT_OK;
});
