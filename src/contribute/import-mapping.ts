/**
 * The import mapping's schema (a JSON file under `data/imports/`, see `ImportMapping` in
 * import.ts), checked with zod: every mistake is listed at once, in French, for whoever writes the
 * mapping, against the standard's columns and vocabularies.
 */
import { z } from 'astro/zod';
import { COLUMNS, FIELDS, isListColumn, type Column, type FieldSpec } from '../pipeline/schema.ts';

export const WEEKDAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
export const DATE_FORMATS = ['DD/MM/YYYY', 'DD-MM-YYYY', 'YYYY-MM-DD'] as const;

const isColumn = (name: string): name is Column => (COLUMNS as readonly string[]).includes(name);

const text = z.string({ error: 'un texte est attendu' });
const texts = z.array(text, { error: 'une liste de textes est attendue' });
const object = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `clé${issue.keys.length > 1 ? 's' : ''} inconnue${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `« ${k} »`).join(', ')}`
        : 'un objet est attendu',
  });

const columnName = z.string().refine(isColumn, { error: (issue) => `« ${String(issue.input)} » n'est pas une colonne du standard` });
const dateColumn = columnName.refine((name) => FIELDS[name as Column].kind === 'date', {
  error: (issue) => `« ${String(issue.input)} » n'est pas une colonne de date`,
});
const weekday = z.string().refine((day) => (WEEKDAYS as readonly string[]).includes(day), {
  error: (issue) => `« ${String(issue.input)} » n'est pas un jour (${WEEKDAYS.join(', ')})`,
});

/** `{ colonne: [valeurs du standard] }`, for list columns only. */
const columnValues = z.record(z.string(), texts, { error: 'un objet { colonne: [valeurs] } est attendu' }).superRefine((values, ctx) => {
  for (const [column, list] of Object.entries(values)) {
    if (!isColumn(column)) {
      ctx.addIssue({ code: 'custom', path: [column], message: `« ${column} » n'est pas une colonne du standard` });
      continue;
    }
    if (!isListColumn(column)) {
      ctx.addIssue({ code: 'custom', path: [column], message: `« ${column} » n'est pas une colonne à plusieurs valeurs` });
      continue;
    }
    const allowed = (FIELDS[column] as FieldSpec).values;
    for (const value of list) {
      if (allowed !== undefined && !allowed.includes(value)) {
        ctx.addIssue({ code: 'custom', path: [column], message: `« ${value} » n'est pas une valeur du standard` });
      }
    }
  }
});

const mappingSchema = object({
  $schema: text.optional(),
  description: text.optional(),
  notes: texts.optional(),
  columns: z.record(columnName, text).optional(),
  joins: z.record(columnName, object({ from: texts, separator: text })).optional(),
  id: object({ prefix: text, from: text }).optional(),
  dates: z
    .record(dateColumn, object({ from: text, format: z.enum(DATE_FORMATS, { error: `un format parmi ${DATE_FORMATS.join(' | ')} est attendu` }) }))
    .optional(),
  codes: z.array(object({ from: text, separator: text.optional(), values: z.record(z.string(), columnValues) })).optional(),
  keywords: z.array(object({ from: texts, rules: z.array(object({ words: texts, values: columnValues })) })).optional(),
  hours: object({ days: z.record(weekday, texts), closed: texts }).optional(),
  constants: z.record(columnName, text).optional(),
  defaults: z.record(columnName, text).optional(),
});

/** A zod issue as « where : what », keys of records included (their own issues are nested). */
function describeIssues(issues: readonly z.core.$ZodIssue[], at: readonly PropertyKey[] = []): string[] {
  return issues.flatMap((issue) => {
    const path = [...at, ...issue.path];
    if (issue.code === 'invalid_key' || issue.code === 'invalid_element') return describeIssues(issue.issues, path);
    const where = path.length > 0 ? `${path.map(String).join(' → ')} : ` : '';
    return [`${where}${issue.message}`];
  });
}

/**
 * `columns`, `joins`, `id`, `dates` and `hours` each fill a whole column: at most one per column.
 * Checked on the raw value, so that it is reported with the schema's other mistakes.
 */
function doubleFillers(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const mapping = value as Record<string, unknown>;
  const keysOf = (part: string): string[] => {
    const entry = mapping[part];
    return typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? Object.keys(entry) : [];
  };
  const targets: Array<[string, string]> = [
    ...['columns', 'joins', 'dates'].flatMap((part) => keysOf(part).map((column): [string, string] => [part, column])),
    ...(mapping.id !== undefined ? [['id', 'id'] as [string, string]] : []),
    ...(mapping.hours !== undefined ? [['hours', 'horaires'] as [string, string]] : []),
  ];
  const filledBy = new Map<string, string>();
  const errors: string[] = [];
  for (const [part, column] of targets) {
    const other = filledBy.get(column);
    if (other !== undefined) errors.push(`${part} : la colonne « ${column} » est déjà remplie par ${other}`);
    else filledBy.set(column, part);
  }
  return errors;
}

/** The mapping, checked; throws an Error listing every mistake (French) when there is any. */
export function parseImportMapping(value: unknown): z.infer<typeof mappingSchema> {
  const result = mappingSchema.safeParse(value);
  const errors = [...(result.success ? [] : describeIssues(result.error.issues)), ...doubleFillers(value)];
  if (errors.length === 0 && result.success) return result.data;
  throw new Error(`Correspondance invalide :\n- ${errors.join('\n- ')}`);
}
