/**
 * The contributor report, in French, for people who do not read code: what was published, what
 * was kept out and why, file by file, errors first. Hundreds of identical warnings (a placeholder
 * SIRET on every row) are grouped so that a 5,000-row report stays readable. The markdown form is
 * pasted into pull-request comments, so every value from the data is escaped there.
 */
import { plural } from '../../common/numbers.ts';
import { clip, inertJson, printable, replaceLineBreaks } from '../../common/cell-text.ts';
import type { FileInfo, Merge, Problem, Report } from '../types.ts';

export type ReportFormat = 'text' | 'json' | 'markdown';

/** Problems of one kind beyond this count are grouped. */
const GROUP_THRESHOLD = 10;
/** How many problems of a large group with different messages are still shown one by one. */
const SHOWN_PER_GROUP = 5;
/** How many line numbers a grouped entry lists before "…". */
const LINES_LISTED = 20;
/** How many merges are listed per file before a count. */
const MERGES_LISTED = 50;

const number = (n: number): string => n.toLocaleString('fr-FR');

/** One line of the report: a single problem, or a group of problems of the same kind. */
interface Entry {
  severity: Problem['severity'];
  lines: number[];
  column: string;
  /** The raw value, or null when the group's values differ. */
  value: string | null;
  message: string;
}

interface FileSection {
  file: string;
  info: FileInfo | undefined;
  errors: Entry[];
  warnings: Entry[];
  merges: Merge[];
}

/** File-level problems (line 0) repeat their value in the message; cells without a column have no value. */
const single = (p: Problem): Entry => ({
  severity: p.severity,
  lines: [p.line],
  column: p.column,
  value: p.line === 0 || p.column === '' ? null : p.value,
  message: p.message,
});

function groupEntries(problems: Problem[]): Entry[] {
  const groups = new Map<string, Problem[]>();
  for (const problem of [...problems].sort((a, b) => a.line - b.line)) {
    const key = `${problem.code}\u0000${problem.column}`;
    const group = groups.get(key);
    if (group) group.push(problem);
    else groups.set(key, [problem]);
  }
  const entries: Entry[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    if (first === undefined) continue;
    if (group.length <= GROUP_THRESHOLD) {
      entries.push(...group.map(single));
    } else if (group.every((p) => p.message === first.message)) {
      const sameValue = group.every((p) => p.value === first.value);
      entries.push({ ...single(first), lines: group.map((p) => p.line), value: sameValue ? single(first).value : null });
    } else {
      entries.push(...group.slice(0, SHOWN_PER_GROUP).map(single));
      const rest = group.slice(SHOWN_PER_GROUP);
      entries.push({
        severity: first.severity,
        lines: rest.map((p) => p.line),
        column: first.column,
        value: null,
        message: `Même type de problème (${first.code}) sur ${plural(rest.length, 'autre ligne', 'autres lignes')} : corrigez-les de la même façon.`,
      });
    }
  }
  return entries.sort((a, b) => (a.lines[0] ?? 0) - (b.lines[0] ?? 0));
}

function sections(report: Report): FileSection[] {
  const byFile = new Map<string, FileSection>();
  const section = (file: string): FileSection => {
    let found = byFile.get(file);
    if (!found) {
      found = { file, info: report.files.find((f) => f.file === file), errors: [], warnings: [], merges: [] };
      byFile.set(file, found);
    }
    return found;
  };
  for (const info of report.files) section(info.file);
  const problemsByFile = new Map<string, Problem[]>();
  for (const problem of report.problems) {
    section(problem.file);
    problemsByFile.set(problem.file, [...(problemsByFile.get(problem.file) ?? []), problem]);
  }
  for (const [file, problems] of problemsByFile) {
    section(file).errors = groupEntries(problems.filter((p) => p.severity === 'error'));
    section(file).warnings = groupEntries(problems.filter((p) => p.severity === 'warning'));
  }
  for (const merge of report.merges) section(merge.merged.file).merges.push(merge);
  return [...byFile.values()];
}

const ENCODINGS: Record<FileInfo['encoding'], string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252',
  'utf-16le': 'UTF-16 (petit-boutiste)',
  'utf-16be': 'UTF-16 (gros-boutiste)',
};
const DELIMITERS: Record<FileInfo['delimiter'], string> = { ',': 'virgule', ';': 'point-virgule', '\t': 'tabulation' };

function describeFile(info: FileInfo | undefined): string {
  if (!info) return '';
  const format = info.format === 'v1' ? 'standard v1' : 'ancien format v0.1 converti';
  const records = info.lines === info.rows + 1 ? '' : ` sur ${plural(info.lines, 'ligne physique', 'lignes physiques')}`;
  return `${plural(info.rows, 'ligne', 'lignes')}${records}, ${format}, encodage ${ENCODINGS[info.encoding]}${info.bom ? ' avec BOM' : ''}, séparateur ${DELIMITERS[info.delimiter]}`;
}

function lineList(lines: number[]): string {
  const shown = lines.slice(0, LINES_LISTED).map(number).join(', ');
  return lines.length > LINES_LISTED ? `${shown}… (${plural(lines.length, 'ligne', 'lignes')} en tout)` : shown;
}

const where = (entry: Entry): string => {
  if (entry.lines.length === 1 && entry.lines[0] === 0) return 'Fichier';
  return `${entry.lines.length > 1 ? 'Lignes' : 'Ligne'} ${lineList(entry.lines)}`;
};

const mergeSentence = (merge: Merge): string =>
  `La ligne ${number(merge.merged.line)} de ${merge.merged.file} a été fusionnée avec la ligne ${number(merge.kept.line)} de ${merge.kept.file} (score ${merge.score}/100).`;

/** Pairs of sources listed in the summary before a count (the JSON report has them all). */
const SOURCE_PAIRS_LISTED = 20;

function summaryLines(report: Report): string[] {
  const s = report.summary;
  const c = report.corrections;
  const lines = [
    `Fichiers lus : ${number(report.files.length)}, ${plural(s.lines, 'ligne physique', 'lignes physiques')} ` +
      `(en-têtes compris ; une valeur entre guillemets peut s'étendre sur plusieurs lignes)`,
    `Lignes lues : ${number(s.rows)} = ${plural(s.published, 'publiée', 'publiées')} + ` +
      `${plural(s.merged, 'fusionnée', 'fusionnées')} avec un lieu d'une autre source + ` +
      `${plural(s.replaced, 'remplacée', 'remplacées')} par une version plus récente de la même source + ${plural(s.rejected, 'rejetée', 'rejetées')}`,
    `Erreurs : ${number(s.errors)} (chaque erreur empêche la publication de sa ligne)`,
    `Avertissements : ${number(s.warnings)} (ligne publiée, valeur corrigée ou ignorée)`,
  ];
  if (report.probableDuplicates.length > 0) {
    lines.push(`Doublons probables dans une même source : ${number(report.probableDuplicates.length)} (voir les avertissements « Doublon probable »)`);
  }
  if (c.rows > 0) {
    lines.push(
      `Corrections : ${plural(c.rows, 'ligne lue', 'lignes lues')}, ${plural(c.applied, 'champ corrigé', 'champs corrigés')}, ` +
        `${plural(c.superseded, 'correction dépassée', 'corrections dépassées')} par la source, ${plural(c.unmatched, 'sans lieu', 'sans lieu')}`,
    );
  }
  for (const pair of report.mergesBySources.slice(0, SOURCE_PAIRS_LISTED)) {
    lines.push(`Fusions entre « ${pair.sources[0]} » et « ${pair.sources[1]} » : ${number(pair.merges)}`);
  }
  if (report.mergesBySources.length > SOURCE_PAIRS_LISTED) {
    lines.push(`… et ${plural(report.mergesBySources.length - SOURCE_PAIRS_LISTED, 'autre paire de sources', 'autres paires de sources')} (voir le format json)`);
  }
  return lines;
}

/* ------------------------------------------------------------------ text */

/** Data values on one line, so that a quoted newline cannot fake a report line. */
const oneLine = (value: string): string => replaceLineBreaks(value, ' ⏎ ');

/** Long cells (a 600-character summary) are cut in the report: the line number finds the rest. */
const VALUE_SHOWN = 120;
const clipValue = (value: string): string => clip(value, VALUE_SHOWN);

function textEntry(entry: Entry): string {
  const column = entry.column ? `, colonne ${entry.column}` : '';
  const value = entry.value !== null && entry.value !== '' ? `, valeur « ${oneLine(clipValue(entry.value))} »` : '';
  return `  - ${where(entry)}${column}${value} : ${oneLine(entry.message)}`;
}

function formatText(report: Report): string {
  const out = ['RAPPORT DE VALIDATION DES LIEUX DE MÉDIATION NUMÉRIQUE', '', 'Résumé', ...summaryLines(report).map((l) => `  ${oneLine(l)}`)];
  for (const section of sections(report)) {
    out.push('', `Fichier ${oneLine(section.file)}${section.info ? ` (${describeFile(section.info)})` : ''}`);
    if (section.errors.length + section.warnings.length + section.merges.length === 0) {
      out.push('  Aucun problème.');
      continue;
    }
    if (section.errors.length > 0) out.push(' Erreurs (lignes non publiées) :', ...section.errors.map(textEntry));
    if (section.warnings.length > 0) out.push(' Avertissements (lignes publiées) :', ...section.warnings.map(textEntry));
    if (section.merges.length > 0) {
      out.push(' Fusions :', ...section.merges.slice(0, MERGES_LISTED).map((m) => `  - ${oneLine(mergeSentence(m))}`));
      if (section.merges.length > MERGES_LISTED) {
        out.push(`  - … et ${plural(section.merges.length - MERGES_LISTED, 'autre fusion', 'autres fusions')}.`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}

/* ------------------------------------------------------------------ markdown */

/**
 * Makes data text inert in GitHub markdown: no table break (`|`), no HTML (`<`), no code span,
 * no emphasis or link syntax, no `@mention` (a zero-width space after `@`), no `#123` issue link,
 * and no invisible control character (shown as `\[U+XXXX\]`).
 */
export function escapeMarkdown(value: string): string {
  return printable(oneLine(value))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#!])/g, '\\$1')
    .replace(/@/g, '@&#8203;');
}

function markdownEntry(entry: Entry): string {
  const value =
    entry.value === null ? (entry.lines.length > 1 && entry.column ? '*(valeurs diverses)*' : '') : entry.value === '' ? '*(vide)*' : `« ${escapeMarkdown(clipValue(entry.value))} »`;
  return `| ${where(entry)} | ${entry.column ? escapeMarkdown(entry.column) : ''} | ${value} | ${escapeMarkdown(entry.message)} |`;
}

function markdownTable(entries: Entry[]): string[] {
  return ['| Où | Colonne | Valeur | Problème et correction |', '|---|---|---|---|', ...entries.map(markdownEntry)];
}

function markdownSection(section: FileSection): string[] {
  const out = ['', `### Fichier ${escapeMarkdown(section.file)}`];
  if (section.info) out.push('', escapeMarkdown(describeFile(section.info)));
  if (section.errors.length + section.warnings.length + section.merges.length === 0) return [...out, '', 'Aucun problème.'];
  if (section.errors.length > 0) out.push('', '#### Erreurs (lignes non publiées)', '', ...markdownTable(section.errors));
  if (section.warnings.length > 0) out.push('', '#### Avertissements (lignes publiées)', '', ...markdownTable(section.warnings));
  if (section.merges.length > 0) {
    out.push('', '#### Fusions', '', ...section.merges.slice(0, MERGES_LISTED).map((m) => `- ${escapeMarkdown(mergeSentence(m))}`));
    if (section.merges.length > MERGES_LISTED) {
      out.push(`- … et ${plural(section.merges.length - MERGES_LISTED, 'autre fusion', 'autres fusions')}.`);
    }
  }
  return out;
}

/** GitHub refuses comments over 65,536 characters; the rest of the report goes to the text form. */
export const MARKDOWN_BUDGET = 60_000;

/**
 * Files with errors come first, since they are what a reviewer must see; files that no longer
 * fit in a pull-request comment are named at the end.
 */
function formatMarkdown(report: Report): string {
  const out = ['## Rapport de validation des lieux de médiation numérique', '', ...summaryLines(report).map((l) => `- ${escapeMarkdown(l)}`)];
  let length = out.join('\n').length;
  const left: string[] = [];
  const ordered = sections(report).sort((a, b) => Number(b.errors.length > 0) - Number(a.errors.length > 0));
  for (const section of ordered) {
    const lines = markdownSection(section);
    const size = lines.join('\n').length + 1;
    if (left.length > 0 || length + size > MARKDOWN_BUDGET) {
      left.push(section.file);
      continue;
    }
    out.push(...lines);
    length += size;
  }
  if (left.length > 0) {
    out.push(
      '',
      `*Rapport abrégé : ${plural(left.length, 'fichier n’est pas détaillé', 'fichiers ne sont pas détaillés')} ici faute de place ` +
        `(${left.map(escapeMarkdown).join(', ')}). Lancez \`npm run validate\` pour le rapport complet.*`,
    );
  }
  return `${out.join('\n')}\n`;
}

/**
 * The report in the requested format; `json` is exactly the `Report` object. Whatever the
 * format, no character of the data can act on the terminal or viewer showing it (see `printable`).
 */
export function formatReport(report: Report, format: ReportFormat): string {
  if (format === 'json') return `${inertJson(report, 2)}\n`;
  return printable(format === 'markdown' ? formatMarkdown(report) : formatText(report));
}

/** Longest value kept in the published report: enough to recognize a cell, not to republish a 900 KB one. */
export const PUBLISHED_VALUE_LENGTH = 300;

/**
 * The report as the site publishes it (`/donnees/rapport.json`): every problem and rejected
 * line, but values cut at `PUBLISHED_VALUE_LENGTH` and invisible control characters shown
 * instead of acting, so that the file stays small and inert whatever the data.
 */
export function publishedReport(report: Report): Report {
  const inert = (value: string): string => printable(clip(value, PUBLISHED_VALUE_LENGTH));
  return {
    ...report,
    files: report.files.map((info) => ({ ...info, file: inert(info.file) })),
    problems: report.problems.map((p) => ({ ...p, file: inert(p.file), value: inert(p.value), message: printable(p.message) })),
    rejected: report.rejected.map((r) => ({ ...r, file: inert(r.file), id: inert(r.id) })),
    merges: report.merges.map((m) => ({
      ...m,
      kept: { ...m.kept, file: inert(m.kept.file), id: inert(m.kept.id) },
      merged: { ...m.merged, file: inert(m.merged.file), id: inert(m.merged.id) },
    })),
  };
}
