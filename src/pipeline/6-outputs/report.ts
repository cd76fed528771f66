/**
 * The contributor report, in French, for people who do not read code: what was published, what
 * was kept out and why, file by file, errors first. Hundreds of identical warnings (a placeholder
 * SIRET on every row) are grouped so that a 5,000-row report stays readable. The markdown form is
 * pasted into pull-request comments, so every value from the data is escaped there.
 */
import type { FileInfo, Merge, Problem, Report } from '../types.ts';
import { plural } from '../../common/numbers.ts';

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

const ENCODINGS: Record<FileInfo['encoding'], string> = { 'utf-8': 'UTF-8', 'windows-1252': 'Windows-1252' };
const DELIMITERS: Record<FileInfo['delimiter'], string> = { ',': 'virgule', ';': 'point-virgule', '\t': 'tabulation' };

function describeFile(info: FileInfo | undefined): string {
  if (!info) return '';
  const format = info.format === 'v1' ? 'standard v1' : 'ancien format v0.1 converti';
  return `${plural(info.rows, 'ligne', 'lignes')}, ${format}, encodage ${ENCODINGS[info.encoding]}${info.bom ? ' avec BOM' : ''}, séparateur ${DELIMITERS[info.delimiter]}`;
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

function summaryLines(report: Report): string[] {
  const s = report.summary;
  return [
    `Lignes lues : ${number(s.rows)} = ${plural(s.published, 'publiée', 'publiées')} + ` +
      `${plural(s.merged, 'fusionnée', 'fusionnées')} avec un autre lieu + ${plural(s.rejected, 'rejetée', 'rejetées')}`,
    `Erreurs : ${number(s.errors)} (chaque erreur empêche la publication de sa ligne)`,
    `Avertissements : ${number(s.warnings)} (ligne publiée, valeur corrigée ou ignorée)`,
  ];
}

/* ------------------------------------------------------------------ text */

/** Data values on one line, so that a quoted newline cannot fake a report line. */
const oneLine = (value: string): string => value.replace(/\s*[\r\n]+\s*/g, ' ⏎ ');

/** Long cells (a 600-character summary) are cut in the report: the line number finds the rest. */
const VALUE_SHOWN = 120;
const clip = (value: string): string => (value.length > VALUE_SHOWN ? `${value.slice(0, VALUE_SHOWN)}…` : value);

function textEntry(entry: Entry): string {
  const column = entry.column ? `, colonne ${entry.column}` : '';
  const value = entry.value !== null && entry.value !== '' ? `, valeur « ${oneLine(clip(entry.value))} »` : '';
  return `  - ${where(entry)}${column}${value} : ${oneLine(entry.message)}`;
}

function formatText(report: Report): string {
  const out = ['RAPPORT DE VALIDATION DES LIEUX DE MÉDIATION NUMÉRIQUE', '', 'Résumé', ...summaryLines(report).map((l) => `  ${l}`)];
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
 * no emphasis or link syntax, no `@mention` (a zero-width space after `@`) and no `#123` issue link.
 */
export function escapeMarkdown(value: string): string {
  return oneLine(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#!])/g, '\\$1')
    .replace(/@/g, '@&#8203;');
}

function markdownEntry(entry: Entry): string {
  const value =
    entry.value === null ? (entry.lines.length > 1 && entry.column ? '*(valeurs diverses)*' : '') : entry.value === '' ? '*(vide)*' : `« ${escapeMarkdown(clip(entry.value))} »`;
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
  const out = ['## Rapport de validation des lieux de médiation numérique', '', ...summaryLines(report).map((l) => `- ${l}`)];
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

/** The report in the requested format; `json` is exactly the `Report` object. */
export function formatReport(report: Report, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'markdown' ? formatMarkdown(report) : formatText(report);
}
