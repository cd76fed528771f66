/**
 * The file checker's Web Worker: reads the reference data from the site's own static files (once),
 * checks the dropped file with the pipeline's code and compares it with the producer's current
 * file. The file's content never leaves the browser: the only requests are GETs of those files.
 */
import { checkFile, diffWithCurrent, FileCheckError } from '../../contribute/check-file.ts';
import { findCurrentVersion, sourceFilePath, type SourcesIndex } from '../../contribute/sources-index.ts';
import { SpreadsheetError } from '../../contribute/spreadsheet.ts';
import { parseOnlineCache } from '../../pipeline/3-geocode/geocode-online.ts';
import { buildCommuneIndex, parseReferenceData } from '../../pipeline/3-geocode/reference.ts';
import type { PipelineStage } from '../../pipeline/run.ts';
import type { CheckerUrls, CheckRequest, CheckResponse } from './messages.ts';

const STAGE_LABELS: Record<PipelineStage, string> = {
  parse: 'Lecture du fichier',
  validate: 'Vérification des lignes',
  geocode: 'Placement sur la carte',
  deduplicate: 'Recherche des doublons',
  enrich: 'Finalisation',
};

const post = (message: CheckResponse): void => postMessage(message);

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} : ${response.status}`);
  return response.text();
}

let context: Promise<{ reference: ReturnType<typeof parseReferenceData>; communeIndex: ReturnType<typeof buildCommuneIndex>; onlineCache: ReturnType<typeof parseOnlineCache> }> | undefined;

function loadContext(urls: CheckerUrls) {
  context ??= (async () => {
    const [referenceText, cacheText] = await Promise.all([fetchText(urls.communeReference), fetchText(urls.onlineGeocodeCache)]);
    const reference = parseReferenceData(referenceText);
    return { reference, communeIndex: buildCommuneIndex(reference), onlineCache: parseOnlineCache(cacheText) };
  })();
  context.catch(() => (context = undefined));
  return context;
}

onmessage = async (event: MessageEvent<CheckRequest>) => {
  if (event.data.type === 'prepare') {
    // A failure here is reported when a file is checked (the load is tried again then).
    loadContext(event.data.urls).catch(() => undefined);
    return;
  }
  const { name, bytes, urls } = event.data;
  try {
    post({ type: 'progress', label: 'Chargement de la table des communes', done: 0 });
    const sources = fetchText(urls.sourcesIndex).then((text) => JSON.parse(text) as SourcesIndex);
    const loaded = await loadContext(urls);
    let lastShown = -1;
    const check = checkFile(name, new Uint8Array(bytes), {
      ...loaded,
      onProgress: (stage, done) => {
        if (Math.round(done * 100) === lastShown) return;
        lastShown = Math.round(done * 100);
        post({ type: 'progress', label: STAGE_LABELS[stage], done });
      },
    });
    post({ type: 'progress', label: 'Comparaison avec la version en ligne', done: 0.95 });
    const current = findCurrentVersion(await sources, name, check.ids);
    if (!current) {
      post({ type: 'result', check, diff: null, currentFile: null });
      return;
    }
    const response = await fetch(new URL(sourceFilePath(current.file), urls.sourcesBase));
    if (!response.ok) throw new Error(`${current.file} : ${response.status}`);
    const diff = diffWithCurrent(check, { file: current.file, bytes: new Uint8Array(await response.arrayBuffer()) });
    post({ type: 'result', check, diff, currentFile: current.file });
  } catch (error) {
    const known = error instanceof FileCheckError || error instanceof SpreadsheetError;
    post({
      type: 'error',
      message: known
        ? error.message
        : `La vérification n'a pas pu aller au bout (${error instanceof Error ? error.message : String(error)}). Rechargez la page et réessayez ; si le problème continue, signalez-le à l'équipe.`,
    });
  }
};
