/**
 * Validates and normalizes parsed rows. A row is kept out (error) only when the venue cannot be
 * shown correctly: unreadable row, no name, no id, an id its source already used earlier in the same file,
 * or nothing to place it on the map with. Everything else is repaired or dropped with a warning,
 * and every problem of a row is reported, not just the first.
 */
import { COLUMNS, emptyRecord, FIELDS, REQUIRED_COLUMNS } from '../schema.ts';
import type { Column, FieldSpec, StandardRecord } from '../schema.ts';
import { normalizeField, quoteValue } from './normalize.ts';
import type { ParsedFile, Problem, RawRow, ValidationResult, ValidRow } from '../types.ts';
import { sourceOf } from '../ownership.ts';
import { nameFlaw } from '../../common/names.ts';

/** How to fill each required column; empty, it is a warning, except `id` and `nom` (errors below). */
const REQUIRED_HINTS: Partial<Record<Column, string>> = {
  pivot:
    'SIRET non renseigné. Indiquez le SIRET (14 chiffres) ou le numéro RNA (W suivi de 9 caractères) de la structure, ' +
    'consultable sur annuaire-entreprises.data.gouv.fr.',
  code_postal: 'Indiquez les 5 chiffres du code postal du lieu.',
  adresse: 'Indiquez le numéro et la voie, par exemple « 12 rue de la Paix ».',
  date_maj: 'Indiquez la date de dernière vérification des informations, au format AAAA-MM-JJ.',
};
const REQUIRED_WARNINGS = new Set<Column>(REQUIRED_COLUMNS.filter((c) => c !== 'id' && c !== 'nom'));

function requiredMessage(column: Column): string {
  const hint = REQUIRED_HINTS[column];
  return column === 'pivot' && hint
    ? hint
    : `La colonne ${column} (${(FIELDS[column] as FieldSpec).label}) est obligatoire dans le standard et vide ici. ${hint ?? 'Renseignez-la.'}`;
}

/** Names the public would not recognise: published, with a warning that says how to fix them. */
const NAME_WARNINGS: Record<NonNullable<ReturnType<typeof nameFlaw>>, { code: string; message: (name: string) => string }> = {
  numero: {
    code: 'nom-numero',
    message: (name) =>
      `Le nom ${quoteValue(name)} n'est qu'un numéro : les visiteurs ne reconnaîtront pas le lieu. ` +
      'Indiquez dans la colonne nom le nom que le public connaît (par exemple « Médiathèque Jean Moulin »), et le numéro de rue dans adresse.',
  },
  siret: {
    code: 'nom-siret',
    message: (name) =>
      `Le nom ${quoteValue(name)} est un numéro SIRET, pas un nom : mettez-le dans la colonne pivot ` +
      'et indiquez dans la colonne nom le nom que le public connaît.',
  },
  majuscules: {
    code: 'nom-majuscules',
    message: (name) =>
      `Le nom ${quoteValue(name)} est tout en majuscules : il se lit mal, et certains lecteurs d'écran l'épellent. ` +
      'Écrivez-le en minuscules avec une majuscule initiale (par exemple « Mairie de Sainte-Luce »).',
  },
};

interface RowOutcome {
  record: StandardRecord;
  problems: Problem[];
  rejected: boolean;
}

function validateRow(row: RawRow, firstLineOfId: Map<string, number>): RowOutcome {
  const problems: Problem[] = [];
  const record = emptyRecord();
  const writable = record as Record<Column, StandardRecord[Column]>;
  const report = (column: Column | '', value: string, severity: Problem['severity'], code: string, message: string) =>
    problems.push({ file: row.file, line: row.line, column, value, severity, code, message });

  for (const column of COLUMNS) {
    const raw = row.cells[column];
    if (raw === undefined) continue;
    // code_postal comes before telephone in COLUMNS, so the phone sees the normalized postal code.
    const { value, issues } = normalizeField(column, raw, { codePostal: record.code_postal });
    writable[column] = value;
    for (const issue of issues) report(column, raw, 'warning', issue.code, issue.message);
    if (REQUIRED_WARNINGS.has(column) && raw.trim() === '') {
      report(column, raw, 'warning', `${column.replace(/_/g, '-')}-manquant`, requiredMessage(column));
    }
  }

  let rejected = false;
  const reject = (column: Column | '', value: string, code: string, message: string) => {
    rejected = true;
    report(column, value, 'error', code, message);
  };
  const flaw = record.nom === '' ? null : nameFlaw(record.nom);
  if (flaw) report('nom', row.cells.nom ?? '', 'warning', NAME_WARNINGS[flaw].code, NAME_WARNINGS[flaw].message(record.nom));
  if (record.nom === '') {
    reject('nom', row.cells.nom ?? '', 'nom-manquant', "Le lieu n'a pas de nom : il n'est pas publié. Indiquez le nom du lieu dans la colonne nom.");
  }
  if (record.id === '') {
    reject(
      'id',
      row.cells.id ?? '',
      'id-manquant',
      "Le lieu n'a pas d'identifiant : il n'est pas publié. Donnez-lui dans la colonne id un identifiant unique dans votre fichier (par exemple lieu-001).",
    );
  } else {
    // Ids are unique per source: a consolidated file may use one id in two sources.
    const key = `${sourceOf(row.file, record.source).key}\u0000${record.id}`;
    const firstLine = firstLineOfId.get(key);
    if (firstLine === undefined) {
      firstLineOfId.set(key, row.line);
    } else {
      reject(
        'id',
        row.cells.id ?? '',
        'id-en-double',
        `L'identifiant ${quoteValue(record.id)} est déjà utilisé ligne ${firstLine} : cette ligne n'est pas publiée. ` +
          `Donnez un identifiant différent à chaque lieu, ou supprimez le doublon.`,
      );
    }
  }
  const hasCoordinates = record.latitude !== null && record.longitude !== null;
  if (!hasCoordinates && record.code_postal === '' && record.code_insee === '' && record.commune === '') {
    reject(
      '',
      '',
      'lieu-non-localisable',
      "Le lieu ne peut pas être placé sur la carte : il n'a ni coordonnées valides, ni code postal, ni code INSEE, ni commune. " +
        'Il n’est pas publié. Renseignez au moins le code postal et la commune.',
    );
  }
  return { record, problems, rejected };
}

/**
 * Validates every row of every file. Rows that the parser could not read reliably (its
 * row-level errors) are rejected without looking at their shifted cells.
 */
export function validateFiles(files: ParsedFile[]): ValidationResult {
  const result: ValidationResult = { valid: [], rejected: [], problems: [] };
  for (const file of files) {
    result.problems.push(...file.problems);
    const unreadableLines = new Set(file.problems.filter((p) => p.severity === 'error' && p.line > 0).map((p) => p.line));
    const firstLineOfId = new Map<string, number>();
    for (const row of file.rows) {
      if (unreadableLines.has(row.line)) {
        result.rejected.push({ file: row.file, line: row.line, id: (row.cells.id ?? '').trim() });
        continue;
      }
      const outcome = validateRow(row, firstLineOfId);
      result.problems.push(...outcome.problems);
      if (outcome.rejected) result.rejected.push({ file: row.file, line: row.line, id: outcome.record.id });
      else result.valid.push({ file: row.file, line: row.line, record: outcome.record } satisfies ValidRow);
    }
  }
  return result;
}
