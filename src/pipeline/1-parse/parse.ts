/**
 * Reads one producer CSV file into raw rows keyed by the standard's v1 columns, whatever the
 * producer's spreadsheet did to it: UTF-8 with or without BOM or Windows-1252, `,` `;` or tab
 * separators, CRLF, quoted newlines, columns missing, renamed in case/accents, extra or in the
 * legacy v0.1 shape. Values are kept exactly as read; checking them is validate.ts's job.
 */
import Papa from 'papaparse';
import { COLUMNS, LEGACY_COLUMNS } from '../schema.ts';
import type { Column, LegacyColumn } from '../schema.ts';
import { convertLegacyCells, LEGACY_ONLY_COLUMNS } from './legacy.ts';
import { foldText } from '../../common/text.ts';
import type { FileInfo, ParsedFile, Problem, RawRow } from '../types.ts';

type Delimiter = FileInfo['delimiter'];

const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];
const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'virgule', ';': 'point-virgule', '\t': 'tabulation' };
const DELIMITER_PLURALS: Record<Delimiter, string> = { ',': 'virgules', ';': 'points-virgules', '\t': 'tabulations' };

interface DecodedText {
  text: string;
  encoding: FileInfo['encoding'];
  bom: boolean;
}

/** UTF-8 when the bytes are valid UTF-8, else Windows-1252 (what Excel writes on French Windows). */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), encoding: 'utf-8', bom };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252', bom };
  }
}

/** The first physical line that is not blank. */
function firstNonBlankLine(text: string): string {
  // Only the start of the text: splitting a whole 100,000-row file to read its header is wasteful.
  for (const line of text.slice(0, 65536).split(/\r\n|\n|\r/)) {
    if (line.trim() !== '') return line;
  }
  return '';
}

/** The `sep=;` line Excel writes (and reads) before the header to declare the separator. */
const EXCEL_SEPARATOR_LINE = /^sep=([,;\t])[ \t]*(?=\r|\n|$)/i;

/**
 * The separator declared by an Excel `sep=` line, else the candidate found most often in the
 * header line outside quotes.
 */
export function detectDelimiter(text: string): Delimiter {
  const declared = EXCEL_SEPARATOR_LINE.exec(text)?.[1];
  if (declared !== undefined) return declared as Delimiter;
  const header = firstNonBlankLine(text);
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of header) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char as Delimiter)) counts.set(char as Delimiter, (counts.get(char as Delimiter) ?? 0) + 1);
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** Header names compare without case, accents, spaces, dashes or underscores. */
const headerKey = (name: string): string => foldText(name).replace(/ /g, '');

const V1_KEYS = new Map<string, Column>(COLUMNS.map((c) => [headerKey(c), c]));
const LEGACY_KEYS = new Map<string, LegacyColumn>(LEGACY_COLUMNS.map((c) => [headerKey(c), c]));

interface HeaderMapping {
  format: FileInfo['format'];
  /** For each position of the file's header, the column it holds (null = unknown, ignored). */
  columns: Array<Column | LegacyColumn | null>;
  unknown: string[];
  /** Header names of a column already read further left (ignored). */
  repeated: string[];
  missing: string[];
}

/** v0.1 when the header has columns only the legacy shape has and more legacy than v1 columns. */
function mapHeader(header: string[]): HeaderMapping {
  const keys = header.map(headerKey);
  const v1Hits = keys.filter((k) => V1_KEYS.has(k)).length;
  const legacyHits = keys.filter((k) => LEGACY_KEYS.has(k)).length;
  const hasLegacyOnly = keys.some((k) => (LEGACY_ONLY_COLUMNS as readonly string[]).some((c) => headerKey(c) === k));
  const format: FileInfo['format'] = hasLegacyOnly && legacyHits > v1Hits ? 'v0.1' : 'v1';
  const seen = new Set<string>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  // A legacy file may already carry some v1 columns (late v0.x exports added formations_labels…).
  const columns = keys.map((k, i) => {
    const column = format === 'v1' ? V1_KEYS.get(k) : (LEGACY_KEYS.get(k) ?? V1_KEYS.get(k));
    const name = header[i] ?? '';
    if (column === undefined) {
      if (name.trim() !== '') unknown.push(name);
      return null;
    }
    // A column repeated in the header: only its first occurrence is read.
    if (seen.has(column)) {
      repeated.push(name);
      return null;
    }
    seen.add(column);
    return column;
  });
  const expected: readonly string[] = format === 'v1' ? COLUMNS : LEGACY_COLUMNS;
  const missing = expected.filter((c) => !seen.has(c));
  return { format, columns, unknown, repeated, missing };
}

const isBlankRow = (fields: string[]): boolean => fields.every((f) => f.trim() === '');

const list = (names: string[]): string => names.map((n) => `« ${n} »`).join(', ');

/**
 * Parses one file. `file` is the name shown to contributors (relative path). A file whose header
 * has no column of the standard is rejected as a whole with one error on line 1.
 */
export function parseCsvFile(file: string, bytes: Uint8Array): ParsedFile {
  const decoded = decodeBytes(bytes);
  const { encoding, bom } = decoded;
  const delimiter = detectDelimiter(decoded.text);
  // The `sep=` line becomes blank (skipped) so that line numbers still count it.
  const text = decoded.text.replace(EXCEL_SEPARATOR_LINE, '');
  const info: FileInfo = { file, encoding, bom, delimiter, format: 'v1', rows: 0 };
  const problems: Problem[] = [];
  const rows: RawRow[] = [];
  const fileProblem = (code: string, severity: Problem['severity'], value: string, message: string, line = 0) =>
    problems.push({ file, line, column: '', value, severity, code, message });

  const newline = text.includes('\n') ? '\n' : '\r';
  let lineOfCursor = 1;
  let cursor = 0;
  let header: HeaderMapping | null = null;
  let headerWidth = 0;
  let rejected = false;

  Papa.parse<string[]>(text, {
    delimiter,
    header: false,
    step: (result, parser) => {
      const start = cursor;
      const startLine = lineOfCursor;
      const end = result.meta.cursor;
      for (let i = text.indexOf(newline, start); i !== -1 && i < end; i = text.indexOf(newline, i + 1)) lineOfCursor++;
      cursor = end;
      const fields = result.data;
      if (isBlankRow(fields) && result.errors.length === 0) return;

      if (header === null) {
        header = mapHeader(fields);
        headerWidth = fields.length;
        if (header.columns.every((c) => c === null)) {
          rejected = true;
          fileProblem(
            'entete-introuvable',
            'error',
            fields.join(delimiter).slice(0, 200),
            `La première ligne du fichier ne contient aucun nom de colonne du standard (id, nom, commune, code_postal…). ` +
              `Le fichier n'a pas été lu. Ajoutez en ligne 1 l'en-tête du standard (voir le modèle) ` +
              `et enregistrez le fichier au format « CSV UTF-8 ».`,
            startLine,
          );
          parser.abort();
          return;
        }
        info.format = header.format;
        if (encoding === 'windows-1252') {
          fileProblem(
            'encodage',
            'warning',
            'windows-1252',
            `Le fichier est encodé en Windows-1252 (export « CSV » d'Excel) : il a été lu, mais le standard demande l'UTF-8. ` +
              `À l'enregistrement, choisissez le type « CSV UTF-8 (délimité par des virgules) ».`,
          );
        }
        if (delimiter !== ',') {
          fileProblem(
            'separateur',
            'warning',
            delimiter,
            `Les colonnes sont séparées par des ${DELIMITER_PLURALS[delimiter]} : le fichier a été lu, mais le standard demande la virgule. ` +
              `À l'enregistrement, choisissez le type « CSV UTF-8 (délimité par des virgules) ».`,
          );
        }
        if (header.format === 'v0.1') {
          fileProblem(
            'format-ancien',
            'warning',
            '',
            `Ce fichier suit l'ancienne version 0.1 du standard : il a été converti en version 1. ` +
              `Pensez à publier vos prochaines mises à jour au format v1 (32 colonnes, listes séparées par « | »).`,
          );
        }
        if (header.missing.length > 0) {
          fileProblem(
            'colonnes-manquantes',
            'warning',
            header.missing.join(', '),
            `Colonnes absentes de l'en-tête : ${list(header.missing)}. Les lignes ont été lues sans ces informations. ` +
              `Ajoutez ces colonnes (même vides) pour suivre le standard.`,
          );
        }
        if (header.unknown.length > 0) {
          fileProblem(
            'colonnes-inconnues',
            'warning',
            header.unknown.join(', '),
            `Colonnes inconnues du standard, ignorées : ${list(header.unknown)}. ` +
              `Vérifiez leur orthographe ou retirez-les.`,
          );
        }
        if (header.repeated.length > 0) {
          fileProblem(
            'colonnes-en-double',
            'warning',
            header.repeated.join(', '),
            `Colonnes présentes deux fois dans l'en-tête : ${list(header.repeated)}. Seule la première de chacune a été lue ; ` +
              `supprimez ou renommez les autres.`,
          );
        }
        return;
      }

      const mapping: HeaderMapping = header;
      info.rows++;
      const row: RawRow = { file, line: startLine, cells: {} };
      const extra = fields.slice(headerWidth);
      const unreadable = (code: string, message: string) =>
        fileProblem(code, 'error', fields.join(delimiter).slice(0, 200), message, startLine);
      if (result.errors.length > 0) {
        unreadable(
          'ligne-illisible',
          `Ligne illisible : un guillemet n'est pas refermé ou est mal placé, ce qui décale les colonnes. ` +
            `Vérifiez les guillemets de cette ligne (un guillemet à l'intérieur d'une valeur s'écrit ""). ` +
            `Si un guillemet n'est jamais refermé, les lignes suivantes du fichier ont été lues avec celle-ci.`,
        );
      } else if (fields.length < headerWidth || extra.some((f) => f.trim() !== '')) {
        unreadable(
          'nombre-de-champs',
          `La ligne a ${fields.length} champs alors que l'en-tête a ${headerWidth} colonnes : les valeurs ne sont pas ` +
            `dans les bonnes colonnes. Vérifiez les séparateurs (${DELIMITER_NAMES[delimiter]}) et les guillemets ` +
            `autour des valeurs qui en contiennent.`,
        );
      }
      const cells: Partial<Record<Column | LegacyColumn, string>> = {};
      mapping.columns.forEach((column, i) => {
        if (column !== null) cells[column] = fields[i] ?? '';
      });
      row.cells = mapping.format === 'v1' ? (cells as Partial<Record<Column, string>>) : convertLegacyCells(cells);
      rows.push(row);
    },
  });

  if (!rejected && header === null) {
    fileProblem(
      'fichier-vide',
      'error',
      '',
      `Le fichier est vide. Ajoutez l'en-tête du standard en ligne 1 puis une ligne par lieu.`,
      1,
    );
  }
  return { info, rows, problems };
}
