/**
 * `/contribuer/verifier/`: the member picks or drops her file; a Web Worker checks it with the
 * pipeline's code (the page stays responsive, a progress bar follows the stages) and the page
 * shows the report grouped by row, with her rows as a table and the faulty cells marked, what
 * the file would change on the site, and the downloads. Nothing is sent anywhere: the file is
 * read locally and every text from it goes into the page through `textContent`.
 */
import { formatDiff, type DiffReport } from '../../contribute/diff.ts';
import { ROWS_SHOWN, type FileCheck, type RowWithProblems } from '../../contribute/check-file.ts';
import { formatReport } from '../../pipeline/6-outputs/report.ts';
import type { Column } from '../../pipeline/schema.ts';
import type { Problem } from '../../pipeline/types.ts';
import { DATA_FILES } from '../../common/site-paths.ts';
import { paths } from '../site.ts';
import type { CheckerUrls, CheckRequest, CheckResponse } from '../checker/messages.ts';

const number = new Intl.NumberFormat('fr-FR');
const plural = (n: number, one: string, many: string): string => `${number.format(n)} ${n > 1 ? many : one}`;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export function connectFileChecker(root: HTMLElement): void {
  const input = root.querySelector<HTMLInputElement>('#fichier')!;
  const dropZone = root.querySelector<HTMLElement>('[data-drop-zone]')!;
  const status = root.querySelector<HTMLElement>('[data-status]')!;
  const progress = root.querySelector<HTMLProgressElement>('progress')!;
  const results = root.querySelector<HTMLElement>('[data-results]')!;
  const downloads: string[] = [];

  const absolute = (path: string): string => new URL(path, location.href).href;
  const urls: CheckerUrls = {
    communeReference: absolute(paths.data(DATA_FILES.communeReference)),
    onlineGeocodeCache: absolute(paths.data(DATA_FILES.onlineGeocodeCache)),
    sourcesIndex: absolute(paths.data(DATA_FILES.sourcesIndex)),
    sourcesBase: absolute(paths.data('')),
  };
  const startWorker = (): Worker => {
    const started = new Worker(new URL('../checker/worker.ts', import.meta.url), { type: 'module' });
    started.postMessage({ type: 'prepare', urls } satisfies CheckRequest);
    return started;
  };
  // Started at once: the commune table loads while the member picks her file.
  let worker = startWorker();
  let busy = false;

  async function check(file: File): Promise<void> {
    if (busy) {
      // A new file while one is checked: the running check is dropped.
      worker.terminate();
      worker = startWorker();
    }
    busy = true;
    for (const url of downloads.splice(0)) URL.revokeObjectURL(url);
    results.replaceChildren();
    progress.hidden = false;
    progress.value = 0;
    status.textContent = `Vérification de « ${file.name} »…`;
    const bytes = await file.arrayBuffer();
    worker.onmessage = (event: MessageEvent<CheckResponse>) => {
      const message = event.data;
      if (message.type === 'progress') {
        progress.value = message.done;
        progress.textContent = `${Math.round(message.done * 100)} %`;
        status.textContent = `${message.label}… (${Math.round(message.done * 100)} %)`;
        return;
      }
      busy = false;
      progress.hidden = true;
      if (message.type === 'error') {
        status.textContent = '';
        results.append(notice('error', message.message));
      } else {
        status.textContent = `Vérification de « ${file.name} » terminée.`;
        showResults(results, file.name, message.check, message.diff, message.currentFile, downloads);
        results.querySelector('h2')?.focus();
      }
    };
    worker.postMessage({ type: 'check', name: file.name, bytes, urls } satisfies CheckRequest, [bytes]);
  }

  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) void check(file);
  });
  dropZone.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropZone.classList.add('is-dragging');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('is-dragging'));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('is-dragging');
    const file = event.dataTransfer?.files[0];
    if (file) void check(file);
  });
}

function notice(kind: 'error' | 'warning' | 'info', text: string): HTMLElement {
  const box = element('div', undefined, `notice notice--${kind}`);
  box.setAttribute('role', kind === 'error' ? 'alert' : 'note');
  box.append(element('p', text));
  return box;
}

function downloadLink(text: string, content: string, fileName: string, type: string, downloads: string[]): HTMLLIElement {
  const url = URL.createObjectURL(new Blob([content], { type }));
  downloads.push(url);
  const link = element('a', text, 'button--secondary');
  link.href = url;
  link.download = fileName;
  const item = element('li');
  item.append(link);
  return item;
}

function showResults(root: HTMLElement, name: string, check: FileCheck, diff: DiffReport | null, currentFile: string | null, downloads: string[]): void {
  const { summary } = check.report;
  const heading = element('h2', `Résultat pour « ${name} »`);
  heading.tabIndex = -1;
  root.append(heading);
  root.append(
    notice(
      summary.errors > 0 ? 'error' : summary.warnings > 0 ? 'warning' : 'info',
      summary.errors > 0
        ? `${plural(summary.rejected, 'ligne ne serait pas publiée', 'lignes ne seraient pas publiées')} : corrigez les erreurs ci-dessous avant d’envoyer le fichier.`
        : 'Aucune erreur : toutes les lignes seraient publiées.',
    ),
  );
  const counts = element('ul');
  counts.append(
    element('li', `${plural(summary.rows, 'ligne lue', 'lignes lues')} : ${plural(summary.published, 'publiée', 'publiées')}, ${plural(summary.merged, 'fusionnée', 'fusionnées')} avec un autre lieu, ${plural(summary.rejected, 'rejetée', 'rejetées')}`),
    element('li', `${plural(summary.errors, 'erreur', 'erreurs')} (chaque erreur empêche la publication de sa ligne)`),
    element('li', `${plural(summary.warnings, 'avertissement', 'avertissements')} (ligne publiée, valeur corrigée ou ignorée)`),
  );
  root.append(counts);

  const actions = element('ul', undefined, 'button-group');
  const base = name.replace(/\.(csv|xlsx|ods|txt)$/i, '');
  actions.append(
    downloadLink('Télécharger le fichier corrigé (CSV, 32 colonnes)', check.normalizedCsv, `${base}.csv`, 'text/csv;charset=utf-8', downloads),
    downloadLink('Télécharger le rapport (JSON)', formatReport(check.report, 'json'), `${base}-rapport.json`, 'application/json', downloads),
  );
  root.append(actions);
  root.append(
    element('p', 'Le fichier corrigé contient toutes vos lignes : les lignes sans erreur remises au format du standard (UTF-8, virgule), les lignes en erreur telles que vous les avez écrites.', 'muted'),
  );

  if (check.fileProblems.length > 0) {
    root.append(element('h3', 'Problèmes du fichier'));
    root.append(problemList(check.fileProblems));
  }
  if (check.rows.length > 0) root.append(...rowSections(check));

  root.append(element('h3', 'Ce que votre fichier changerait sur le site'));
  if (!diff) {
    root.append(
      element('p', `Aucun fichier publié n’a ce nom ni ces identifiants : ce serait un nouveau fichier, avec ${plural(summary.published, 'lieu publié', 'lieux publiés')}.`),
    );
    return;
  }
  root.append(
    element(
      'p',
      `Comparé à la version publiée de « ${currentFile ?? name} » : ${plural(diff.summary.added, 'lieu ajouté', 'lieux ajoutés')}, ${plural(diff.summary.changed, 'lieu modifié', 'lieux modifiés')}, ${plural(diff.summary.removed, 'lieu retiré', 'lieux retirés')}.`,
    ),
  );
  const details = element('details');
  details.append(element('summary', 'Voir le détail des changements'), element('pre', formatDiff(diff, 'text'), 'checker-diff'));
  root.append(details);
}

const SEVERITY = { error: 'Erreur', warning: 'Avertissement' } as const;

function problemList(problems: readonly Problem[]): HTMLUListElement {
  const list = element('ul', undefined, 'checker-problems');
  for (const problem of problems) {
    const item = element('li', undefined, `checker-problem checker-problem--${problem.severity}`);
    item.append(element('strong', `${SEVERITY[problem.severity]}${problem.column ? ` (${problem.column})` : ''} : `), document.createTextNode(problem.message));
    list.append(item);
  }
  return list;
}

/** The rows with problems as one table (faulty cells marked by a sign, a colour and a hidden word), then each row's problems. */
function rowSections(check: FileCheck): HTMLElement[] {
  const heading = element('h3', `Vos lignes à revoir (${number.format(check.rowsWithProblems)})`);
  const intro = element(
    'p',
    check.rowsWithProblems > ROWS_SHOWN
      ? `Les ${ROWS_SHOWN} premières sont montrées ; le rapport JSON les contient toutes.`
      : 'Les cellules en cause sont marquées ⚠ ; le détail de chaque ligne suit le tableau.',
    'muted',
  );
  const columns = [...new Set(check.rows.flatMap((row) => row.problems.map((p) => p.column)).filter((c) => c !== ''))];
  const shownColumns = ['nom', ...columns.filter((c) => c !== 'nom')];
  const wrapper = element('div', undefined, 'table-wrapper');
  wrapper.tabIndex = 0;
  wrapper.setAttribute('role', 'region');
  wrapper.setAttribute('aria-label', 'Tableau des lignes à revoir');
  const table = element('table', undefined, 'checker-rows');
  const caption = element('caption', 'Lignes avec au moins un problème, colonnes en cause', 'visually-hidden');
  const head = element('tr');
  head.append(element('th', 'Ligne'), ...shownColumns.map((c) => element('th', c)));
  const thead = element('thead');
  thead.append(head);
  const tbody = element('tbody');
  for (const row of check.rows) tbody.append(tableRow(row, shownColumns));
  table.append(caption, thead, tbody);
  wrapper.append(table);

  const byRow = element('div');
  for (const row of check.rows) {
    const section = element('section', undefined, 'checker-row');
    section.id = `ligne-${row.line}`;
    section.append(element('h4', `Ligne ${number.format(row.line)}${row.cells.nom ? ` : ${row.cells.nom}` : ''}`), problemList(row.problems));
    byRow.append(section);
  }
  return [heading, intro, wrapper, byRow];
}

function tableRow(row: RowWithProblems, columns: readonly string[]): HTMLTableRowElement {
  const tr = element('tr');
  const lineCell = element('th');
  lineCell.scope = 'row';
  const link = element('a', number.format(row.line));
  link.href = `#ligne-${row.line}`;
  lineCell.append(link);
  tr.append(lineCell);
  for (const column of columns) {
    const worst = row.problems.filter((p) => p.column === column).sort((a) => (a.severity === 'error' ? -1 : 1))[0];
    const cell = element('td', undefined, worst ? `checker-cell--${worst.severity}` : undefined);
    // A problem may name two columns at once (`latitude/longitude`): both values are shown.
    const value = column
      .split('/')
      .map((part) => row.cells[part as Column] ?? '')
      .filter((part) => part !== '')
      .join(', ');
    if (worst) cell.append(element('span', worst.severity === 'error' ? 'erreur : ' : 'avertissement : ', 'visually-hidden'), element('span', '⚠ ', undefined));
    cell.append(document.createTextNode(value.length > 80 ? `${value.slice(0, 80)}…` : value));
    tr.append(cell);
  }
  return tr;
}
