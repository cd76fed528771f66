/**
 * Reads one producer CSV file into raw rows keyed by the standard's v1 columns, whatever the
 * producer's spreadsheet did to it: UTF-8 with or without BOM (a few invalid bytes reported where
 * they are), Windows-1252, UTF-16 with a BOM, `,` `;` or tab separators, CRLF, quoted newlines,
 * columns missing, renamed in case/accents, extra or in the legacy v0.1 shape. Values are kept
 * exactly as read; checking them is validate.ts's job. What cannot be read safely is refused
 * with a reason: a file over `MAX_FILE_BYTES`, a row over `MAX_FIELDS` fields, a quoted value
 * that swallows what look like further rows.
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

/** Largest file read: ten times the national file of 2022 (about 5 MB for 4,930 venues). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Most fields in one row (the standard has 32 columns, v0.1 had 29; a few extra are tolerated). */
export const MAX_FIELDS = 200;

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;

/** The file-level error of a file over `MAX_FILE_BYTES`, which is not read. */
export function fileTooLargeProblem(file: string, size: number): Problem {
  return {
    file,
    line: 0,
    column: '',
    value: String(size),
    severity: 'error',
    code: 'fichier-trop-volumineux',
    message:
      `Le fichier fait ${megabytes(size)}, au-delà de la limite de ${megabytes(MAX_FILE_BYTES)} par fichier : il n'a pas été lu. ` +
      `Découpez-le en plusieurs fichiers (par département, par exemple).`,
  };
}

interface DecodedText {
  text: string;
  encoding: FileInfo['encoding'];
  bom: boolean;
  /** Byte sequences that were not valid UTF-8 in a file read as UTF-8, each now `\uFFFD`. */
  invalidSequences: number;
}

const REPLACEMENT = '\uFFFD';

/**
 * UTF-16 when the file starts with its byte order mark; UTF-8 when the bytes are valid UTF-8, or
 * when the text has more valid non-ASCII characters (accents) than invalid sequences (a stray
 * byte in a UTF-8 file: each becomes `\uFFFD` and is reported where it is); else Windows-1252
 * (what Excel writes on French Windows, whose accents are all invalid in UTF-8).
 */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true, invalidSequences: 0 };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be', { ignoreBOM: true }).decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true, invalidSequences: 0 };
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), encoding: 'utf-8', bom, invalidSequences: 0 };
  } catch {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
    let invalid = 0;
    let nonAscii = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 0xfffd) invalid++;
      else if (code > 0x7f) nonAscii++;
    }
    if (nonAscii > invalid) return { text, encoding: 'utf-8', bom, invalidSequences: invalid };
    return { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252', bom, invalidSequences: 0 };
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

/** Number of physical lines of a text: line breaks, plus one for a last line without one. */
function physicalLines(text: string, newline: string): number {
  if (text === '') return 0;
  let count = 0;
  for (let i = text.indexOf(newline); i !== -1; i = text.indexOf(newline, i + 1)) count++;
  return text.endsWith(newline) ? count : count + 1;
}

const LINE_BREAK = /\r\n|\n|\r/;

/**
 * How many lines inside a multi-line value look like rows of the file: as many separators as
 * half the header's columns, which a presentation written over several lines never has but a
 * row swallowed by a quote opened too early does.
 */
function rowLikeLines(value: string, delimiter: Delimiter, headerWidth: number): number {
  const threshold = Math.max(2, Math.floor((headerWidth - 1) / 2));
  let count = 0;
  for (const line of value.split(LINE_BREAK).slice(1)) {
    let separators = 0;
    for (let i = line.indexOf(delimiter); i !== -1 && separators < threshold; i = line.indexOf(delimiter, i + 1)) separators++;
    if (separators >= threshold) count++;
  }
  return count;
}

const lineSpan = (first: number, last: number): string => (first === last ? `ligne ${first}` : `lignes ${first} à ${last}`);

/**
 * Parses one file. `file` is the name shown to contributors (relative path). A file whose header
 * has no column of the standard is rejected as a whole with one error on line 1.
 */
export function parseCsvFile(file: string, bytes: Uint8Array): ParsedFile {
  if (bytes.length > MAX_FILE_BYTES) {
    return {
      info: { file, encoding: 'utf-8', bom: false, delimiter: ',', format: 'v1', rows: 0, lines: 0 },
      rows: [],
      problems: [fileTooLargeProblem(file, bytes.length)],
    };
  }
  const decoded = decodeBytes(bytes);
  const { encoding, bom } = decoded;
  const delimiter = detectDelimiter(decoded.text);
  // The `sep=` line becomes blank (skipped) so that line numbers still count it.
  const text = decoded.text.replace(EXCEL_SEPARATOR_LINE, '');
  const newline = text.includes('\n') ? '\n' : '\r';
  const info: FileInfo = { file, encoding, bom, delimiter, format: 'v1', rows: 0, lines: physicalLines(text, newline) };
  const problems: Problem[] = [];
  const rows: RawRow[] = [];
  const fileProblem = (code: string, severity: Problem['severity'], value: string, message: string, line = 0) =>
    problems.push({ file, line, column: '', value, severity, code, message });

  let lineOfCursor = 1;
  let cursor = 0;
  let header: HeaderMapping | null = null;
  let headerNames: string[] = [];
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
      // The line where the record ends, its own line break left out.
      const endLine = end > start && text[end - 1] === newline ? lineOfCursor - 1 : lineOfCursor;
      const fields = result.data;
      if (isBlankRow(fields) && result.errors.length === 0) return;

      if (header === null) {
        if (fields.length > MAX_FIELDS) {
          rejected = true;
          fileProblem(
            'trop-de-colonnes',
            'error',
            String(fields.length),
            `L'en-tête a ${fields.length.toLocaleString('fr-FR')} colonnes, au-delà des ${MAX_FIELDS} lues au plus (le standard en a 32) : ` +
              `le fichier n'a pas été lu. Vérifiez le séparateur, ou repartez du modèle du standard.`,
            startLine,
          );
          parser.abort();
          return;
        }
        header = mapHeader(fields);
        headerNames = fields;
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
        if (encoding === 'utf-16le' || encoding === 'utf-16be') {
          fileProblem(
            'encodage',
            'warning',
            encoding,
            `Le fichier est encodé en UTF-16 (export « Texte Unicode ») : il a été lu, mais le standard demande l'UTF-8. ` +
              `À l'enregistrement, choisissez le type « CSV UTF-8 (délimité par des virgules) ».`,
          );
        }
        if (fields.some((name) => name.includes(REPLACEMENT))) {
          fileProblem(
            'octets-invalides',
            'warning',
            fields.join(delimiter).slice(0, 200),
            `L'en-tête contient un octet qui n'est pas de l'UTF-8 valide (remplacé par « ${REPLACEMENT} ») : ` +
              `le reste du fichier a été lu en UTF-8. Retapez les noms de colonnes concernés.`,
            startLine,
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
      rows.push(row);
      const span = lineSpan(startLine, endLine);
      const unreadable = (code: string, message: string, column = '', value = fields.join(delimiter)) =>
        problems.push({ file, line: startLine, column, value: value.slice(0, 200), severity: 'error', code, message });
      if (fields.length > MAX_FIELDS) {
        // Not even mapped: the row's cells stay empty, and the row is rejected for this error.
        unreadable(
          'trop-de-champs',
          `La ligne a ${fields.length.toLocaleString('fr-FR')} champs, au-delà des ${MAX_FIELDS} lus au plus (l'en-tête a ${headerWidth} colonnes) : ` +
            `elle n'a pas été lue. Vérifiez les séparateurs (${DELIMITER_NAMES[delimiter]}) de cette ligne.`,
          '',
          String(fields.length),
        );
        return;
      }
      const columnName = (i: number): string => mapping.columns[i] ?? headerNames[i] ?? `colonne ${i + 1}`;
      const extra = fields.slice(headerWidth);
      if (result.errors.length > 0) {
        unreadable(
          'ligne-illisible',
          `Ligne illisible (${span}) : un guillemet n'est pas refermé ou est mal placé, ce qui décale les colonnes. ` +
            `Vérifiez les guillemets de cette ligne (un guillemet à l'intérieur d'une valeur s'écrit ""). ` +
            `Si un guillemet n'est jamais refermé, les lignes suivantes du fichier ont été lues avec celle-ci.`,
        );
      } else if (endLine > startLine && headerWidth > 1) {
        // A quote opened too early and closed rows later: the CSV is well formed, but the rows in between became text.
        const swallowing = fields.findIndex((field) => rowLikeLines(field, delimiter, headerWidth) > 0);
        if (swallowing >= 0) {
          const field = fields[swallowing]!;
          const count = rowLikeLines(field, delimiter, headerWidth);
          unreadable(
            'lignes-avalees',
            `La valeur de la colonne ${columnName(swallowing)} commence ligne ${startLine} et ne se termine que ligne ${endLine} : ` +
              `elle contient ${count > 1 ? `${count} lignes qui ressemblent` : 'une ligne qui ressemble'} à d'autres lieux, lus comme du texte ` +
              `(${span} du fichier). Un guillemet (") ouvert dans cette cellule n'est sans doute pas refermé au bon endroit : ` +
              `vérifiez les guillemets de la ligne ${startLine}. Ces lignes ne sont pas publiées tant qu'il n'est pas corrigé.`,
            columnName(swallowing),
            field,
          );
        }
      }
      if (result.errors.length === 0 && (fields.length < headerWidth || extra.some((f) => f.trim() !== ''))) {
        unreadable(
          'nombre-de-champs',
          `La ligne a ${fields.length} champs alors que l'en-tête a ${headerWidth} colonnes : les valeurs ne sont pas ` +
            `dans les bonnes colonnes. Vérifiez les séparateurs (${DELIMITER_NAMES[delimiter]}) et les guillemets ` +
            `autour des valeurs qui en contiennent.`,
        );
      }
      if (decoded.invalidSequences > 0) {
        fields.forEach((field, i) => {
          if (!field.includes(REPLACEMENT)) return;
          problems.push({
            file,
            line: startLine,
            column: columnName(i),
            value: field.slice(0, 200),
            severity: 'warning',
            code: 'octets-invalides',
            message:
              `Cette cellule contient un octet qui n'est pas de l'UTF-8 valide (caractère mal enregistré, remplacé par « ${REPLACEMENT} ») ; ` +
              `le reste du fichier a été lu en UTF-8. Retapez le caractère et enregistrez le fichier au format « CSV UTF-8 ».`,
          });
        });
      }
      const cells: Partial<Record<Column | LegacyColumn, string>> = {};
      mapping.columns.forEach((column, i) => {
        if (column !== null) cells[column] = fields[i] ?? '';
      });
      row.cells = mapping.format === 'v1' ? (cells as Partial<Record<Column, string>>) : convertLegacyCells(cells);
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
