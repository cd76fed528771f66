/**
 * One normalizer per field kind of the standard (see `FIELDS` in schema.ts). Each takes the raw
 * cell and returns the normalized value plus the issues found. Everything here is repairable or
 * droppable: an issue is always a warning; the few errors that keep a row out are decided in
 * validate.ts. Messages are French, name the value and say how to fix the source file.
 */
import { isEmailAddress, OVERSEAS_PREFIXES, TEN_DIGIT_COUNTRY_CODES } from '../../common/contact.ts';
import { emptyValue, FIELDS } from '../schema.ts';
import type { Column, FieldSpec, FieldValue } from '../schema.ts';
import { checkHours } from './hours.ts';
import { editDistance, foldText } from '../../common/text.ts';
import { removeInvisibleControls } from '../../common/cell-text.ts';

/** A problem found in one cell; validate.ts adds file, line, column, raw value and severity. */
export interface Issue {
  code: string;
  message: string;
}

export interface Normalized<T> {
  value: T;
  issues: Issue[];
}

const ok = <T>(value: T): Normalized<T> => ({ value, issues: [] });
const withIssue = <T>(value: T, code: string, message: string): Normalized<T> => ({ value, issues: [{ code, message }] });

const spec = (column: Column): FieldSpec => FIELDS[column];
const label = (column: Column): string => spec(column).label;
/** A value quoted in a message, cut when long (the report shows the cell itself). */
export const quoteValue = (value: string): string => `« ${value.length > 80 ? `${value.slice(0, 80)}…` : value} »`;

/* ------------------------------------------------------------------ text */

/** Column-specific repairs of common spreadsheet damage, applied before the pattern check. */
const TEXT_REPAIRS: Partial<Record<Column, (value: string) => Normalized<string>>> = {
  pivot: (value) => {
    const compact = value.replace(/[\s.]/g, '');
    if (/^0+$/.test(compact)) {
      return withIssue(
        compact,
        'pivot-non-renseigne',
        `SIRET non renseigné : la valeur ${quoteValue(value)} est un bouche-trou. Indiquez le SIRET (14 chiffres) ` +
          `ou le numéro RNA (W suivi de 9 caractères) de la structure, consultable sur annuaire-entreprises.data.gouv.fr.`,
      );
    }
    return ok(compact);
  },
  code_postal: (value) => fiveDigitCode(value, 'code_postal', 'code-postal-zero-initial', 'Le code postal'),
  code_insee: (value) => fiveDigitCode(value.toUpperCase(), 'code_insee', 'code-insee-zero-initial', 'Le code INSEE'),
};

/**
 * A postal or INSEE code without spaces or the `.0` a spreadsheet may add; 4 digits means the
 * spreadsheet stored it as a number and dropped the leading zero, which is put back.
 */
function fiveDigitCode(value: string, column: Column, code: string, name: string): Normalized<string> {
  const compact = value.replace(/\s/g, '').replace(/\.0+$/, '');
  if (!/^\d{4}$/.test(compact)) return ok(compact);
  return withIssue(
    `0${compact}`,
    code,
    `${name} ${quoteValue(value)} n'a que 4 chiffres : il a été complété en « 0${compact} ». ` +
      `Dans votre tableur, mettez la colonne ${column} au format Texte pour garder le zéro initial.`,
  );
}

const PATTERN_HINTS: Partial<Record<Column, string>> = {
  pivot: 'Indiquez le SIRET (14 chiffres) ou le numéro RNA (W suivi de 9 caractères) de la structure.',
  code_postal: 'Un code postal a exactement 5 chiffres, par exemple 01000 ou 75011.',
  code_insee: 'Un code INSEE de commune a 5 caractères, par exemple 01053, 2A004 ou 75111 (différent du code postal).',
};

/** Characters a cut text should not end with before its `…`. */
const TRAILING_PUNCTUATION = new Set([' ', '\t', '\n', '\r', ',', ';', ':', '.', '–', '-']);

/** Cuts at the last word boundary before `max` characters and ends with `…`. */
export function truncateAtWord(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  const kept = space > max / 2 ? cut.slice(0, space) : cut;
  let end = kept.length;
  while (end > 0 && TRAILING_PUNCTUATION.has(kept[end - 1]!)) end--;
  return `${kept.slice(0, end)}…`;
}

const FORMULA_GUARDED = /^'[=+\-@]/;

/** What to do about a free text over its limit, by column. */
const CUT_HINTS: Partial<Record<Column, string>> = {
  presentation_resume: 'Raccourcissez-le et mettez le texte complet dans presentation_detail.',
  presentation_detail: 'Raccourcissez-le : la fiche du lieu doit se lire en quelques minutes.',
};

/** Free text: trimmed, spaces collapsed (except in the detailed presentation, where line breaks matter). */
export function normalizeText(column: Column, raw: string): Normalized<string> {
  const field = spec(column);
  const spaced = column === 'presentation_detail' ? raw.trim() : raw.trim().replace(/\s+/g, ' ');
  // Our own CSV exports put a `'` before a text starting with = + - @ so that spreadsheets do not
  // run it as a formula: reading such an export back gives the original text.
  const trimmed = FORMULA_GUARDED.test(spaced) ? spaced.slice(1) : spaced;
  if (trimmed === '') return ok('');
  const repaired = TEXT_REPAIRS[column]?.(trimmed) ?? ok(trimmed);
  const issues = [...repaired.issues];
  let value = repaired.value;
  if (field.pattern && !field.pattern.test(value)) {
    return withIssue(
      '',
      `${column.replace(/_/g, '-')}-invalide`,
      `La valeur ${quoteValue(raw.trim())} n'est pas un ${field.label} valide : elle a été ignorée. ${PATTERN_HINTS[column] ?? ''}`.trim(),
    );
  }
  if (value.length > field.maxLength) {
    value = truncateAtWord(value, field.maxLength);
    issues.push({
      code: 'texte-trop-long',
      message:
        `Le champ ${field.label} fait ${trimmed.length} caractères pour ${field.maxLength} au plus : ` +
        `il a été coupé. ${CUT_HINTS[column] ?? 'Raccourcissez-le.'}`,
    });
  }
  return { value, issues };
}

/* ------------------------------------------------------------------ lists */

const collator = new Intl.Collator('fr', { sensitivity: 'base' });

const splitList = (raw: string, separators: RegExp): string[] =>
  raw
    .split(separators)
    .map((v) => v.trim().replace(/\s+/g, ' '))
    .filter((v) => v !== '');

/** Free `|`-list: trimmed, deduplicated, sorted. */
export function normalizeList(_column: Column, raw: string): Normalized<string[]> {
  const values = splitList(raw, /\|/);
  return ok([...new Set(values)].sort(collator.compare));
}

interface Vocabulary {
  values: readonly string[];
  byFolded: Map<string, string>;
  order: Map<string, number>;
}

const vocabularies = new Map<Column, Vocabulary>();

function vocabulary(column: Column): Vocabulary {
  let vocab = vocabularies.get(column);
  if (vocab === undefined) {
    const values = spec(column).values ?? [];
    vocab = {
      values,
      byFolded: new Map(values.map((v) => [foldText(v), v])),
      order: new Map(values.map((v, i) => [v, i])),
    };
    vocabularies.set(column, vocab);
  }
  return vocab;
}

/** The valid spelling closest to an unknown value, when one is close enough to be a likely typo. */
export function closestValue(column: Column, value: string): string | null {
  const folded = foldText(value);
  if (folded === '') return null;
  // Farther than this is not a typo: the edit distance stops there, in time linear in the value.
  const allowed = Math.max(2, folded.length / 3);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const [candidateFolded, candidate] of vocabulary(column).byFolded) {
    const [shorter, longer] = folded.length < candidateFolded.length ? [folded, candidateFolded] : [candidateFolded, folded];
    // A value with words missing or added ("Aidants", "France Services MSAP") counts as close,
    // but not a short code that merely occurs inside a word ("AI" in "Mairie").
    const contained = shorter.length >= 4 && ` ${longer} `.includes(` ${shorter} `);
    const distance = contained ? (longer.length - shorter.length) / 4 : editDistance(folded, candidateFolded, Math.floor(allowed));
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return bestDistance <= allowed ? best : null;
}

/**
 * Enumerated list: each value folded to its exact spelling, unknown values dropped (with the
 * closest spelling suggested), deduplicated and ordered as the vocabulary. `;` and `,` between
 * values (v0.1 habits) are accepted since no value of the vocabularies contains them.
 */
export function normalizeEnumList(column: Column, raw: string): Normalized<string[]> {
  const vocab = vocabulary(column);
  const issues: Issue[] = [];
  const found = new Set<string>();
  if (/[;,]/.test(raw) && !/\|/.test(raw)) {
    issues.push({
      code: 'separateur-liste',
      message: `Les valeurs de ${label(column)} sont séparées par « ; » ou « , » : le standard v1 utilise « | ». Elles ont été lues quand même.`,
    });
  }
  for (const value of splitList(raw, /[|;,]/)) {
    const exact = vocab.order.has(value) ? value : vocab.byFolded.get(foldText(value));
    if (exact !== undefined) {
      found.add(exact);
      continue;
    }
    const suggestion = closestValue(column, value);
    const choices =
      vocab.values.length <= 12 ? ` Valeurs possibles : ${vocab.values.map((v) => `« ${v} »`).join(', ')}.` : ' Voir la liste des valeurs du standard.';
    issues.push({
      code: 'valeur-inconnue',
      message:
        `La valeur ${quoteValue(value)} n'existe pas dans la liste « ${label(column)} » du standard : elle a été ignorée.` +
        (suggestion ? ` Vouliez-vous dire « ${suggestion} » ?` : choices),
    });
  }
  const values = [...found].sort((a, b) => (vocab.order.get(a) ?? 0) - (vocab.order.get(b) ?? 0));
  return { value: values, issues };
}

/* ------------------------------------------------------------------ coordinates, dates */

/** A decimal number; the French decimal comma is repaired. Range checks belong to geocoding. */
export function normalizeCoordinate(column: Column, raw: string): Normalized<number | null> {
  const trimmed = raw.trim().replace(/\s/g, '');
  if (trimmed === '') return ok(null);
  if (/^[+-]?\d+(\.\d+)?$/.test(trimmed)) return ok(Number(trimmed));
  if (/^[+-]?\d+,\d+$/.test(trimmed)) {
    const value = Number(trimmed.replace(',', '.'));
    return withIssue(
      value,
      'coordonnee-virgule',
      `La ${label(column)} ${quoteValue(raw.trim())} utilise une virgule : elle a été lue comme ${value}. ` +
        `Le standard demande un point comme séparateur décimal (format de cellule Texte ou Nombre « anglais »).`,
    );
  }
  return withIssue(
    null,
    'coordonnee-invalide',
    `La ${label(column)} ${quoteValue(raw.trim())} n'est pas un nombre : elle a été ignorée. ` +
      `Indiquez des degrés décimaux WGS84 avec un point, par exemple 48.8566 et 2.3522.`,
  );
}

const isRealDate = (year: number, month: number, day: number): boolean => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

const iso = (year: number, month: number, day: number): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** `YYYY-MM-DD`; `DD/MM/YYYY` (and `-`, `.` variants) and ISO date-times repaired; impossible dates dropped. */
export function normalizeDate(column: Column, raw: string): Normalized<string> {
  const trimmed = raw.trim();
  if (trimmed === '') return ok('');
  const impossible = () =>
    withIssue(
      '',
      'date-impossible',
      `La ${label(column)} ${quoteValue(trimmed)} n'existe pas dans le calendrier : elle a été ignorée. Indiquez une date réelle au format AAAA-MM-JJ.`,
    );
  const isoMatch = /^(\d{4})-(\d{2})-(\d{2})([T ].*)?$/.exec(trimmed);
  if (isoMatch) {
    const [year, month, day] = [Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3])];
    if (!isRealDate(year, month, day)) return impossible();
    const value = iso(year, month, day);
    return isoMatch[4] === undefined
      ? ok(value)
      : withIssue(value, 'date-reparee', `La ${label(column)} ${quoteValue(trimmed)} contient une heure : seule la date « ${value} » a été gardée.`);
  }
  const frenchMatch = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  if (frenchMatch) {
    const [day, month, year] = [Number(frenchMatch[1]), Number(frenchMatch[2]), Number(frenchMatch[3])];
    if (!isRealDate(year, month, day)) return impossible();
    const value = iso(year, month, day);
    return withIssue(
      value,
      'date-reparee',
      `La ${label(column)} ${quoteValue(trimmed)} est au format JJ/MM/AAAA : elle a été lue comme « ${value} ». ` +
        `Le standard demande le format AAAA-MM-JJ.`,
    );
  }
  return withIssue(
    '',
    'date-invalide',
    `La ${label(column)} ${quoteValue(trimmed)} n'est pas une date lisible : elle a été ignorée. Indiquez-la au format AAAA-MM-JJ, par exemple 2024-04-02.`,
  );
}

/* ------------------------------------------------------------------ links and contacts */

const DOMAIN_START = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.[a-z]{2,}(?::\d+)?(?:[/?#]|$)/i;

/**
 * One URL in its WHATWG serialization (lower-case scheme and host, punycode, percent-encoding,
 * `/` path of a bare domain), so that exports and comparisons see one spelling per address:
 * http(s) kept, `www.x.fr` completed with `https://`, any other scheme dropped, and so
 * is a URL with a user name or password (`https://www.service-public.fr@evil.example/` leads to
 * evil.example while reading as service-public.fr) or, for a column restricted to some hosts,
 * a URL pointing elsewhere.
 */
function normalizeOneUrl(column: Column, value: string): Normalized<string | null> {
  const drop = (reason: string, code = 'url-invalide') =>
    withIssue<string | null>(null, code, `Le lien ${quoteValue(value)} (${label(column)}) ${reason}`);
  let candidate = value;
  let completed = false;
  if (!/^https?:\/\//i.test(value)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(value) && !DOMAIN_START.test(value)) {
      return drop("n'est pas une adresse web http ou https : il a été ignoré. Indiquez une adresse commençant par https://.");
    }
    if (!DOMAIN_START.test(value)) {
      return drop("n'est pas une adresse web : il a été ignoré. Indiquez une adresse complète commençant par https://.");
    }
    candidate = `https://${value}`;
    completed = true;
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return drop("n'est pas une adresse web valide : il a été ignoré. Vérifiez qu'il ne contient pas d'espace ni de caractère parasite.");
  }
  if (/\s/.test(candidate) || !url.hostname.includes('.')) {
    return drop("n'est pas une adresse web valide : il a été ignoré. Vérifiez qu'il ne contient pas d'espace ni de caractère parasite.");
  }
  if (url.username !== '' || url.password !== '') {
    return drop(
      `contient un nom d'utilisateur ou un mot de passe (la partie avant « @ ») : il a été ignoré, car il mène en réalité ` +
        `au site « ${url.hostname} ». Indiquez l'adresse du site sans partie « …@ ».`,
      'url-identifiants',
    );
  }
  const hosts = spec(column).hosts;
  if (hosts !== undefined && !hosts.includes(url.hostname)) {
    return drop(
      `ne mène pas à ${hosts.join(' ni à ')} : il a été ignoré. Indiquez l'adresse de la fiche du lieu sur Acceslibre, ` +
        `par exemple https://acceslibre.beta.gouv.fr/app/…`,
      'url-hors-domaine',
    );
  }
  const normalized = url.href;
  if (!completed) return ok(normalized);
  return withIssue(
    normalized,
    'url-completee',
    `Le lien ${quoteValue(value)} (${label(column)}) ne commençait pas par https:// : il a été complété en « ${normalized} ». Indiquez l'adresse complète.`,
  );
}

/** Single URL column (`fiche_acces_libre`, `prise_rdv`). */
export function normalizeUrl(column: Column, raw: string): Normalized<string> {
  const trimmed = raw.trim();
  if (trimmed === '') return ok('');
  const result = normalizeOneUrl(column, trimmed);
  return { value: result.value ?? '', issues: result.issues };
}

const URL_START = /https?:\/\/|www\./iy;

/**
 * The links of a `|`-list: besides `|`, a run of spaces, `;` or `,` followed by another address
 * (`http://`, `https://`, `www.`) separates two links. Scanned once, each separator tested with
 * a sticky match where it ends: a look-ahead after `[\s;,]+` would backtrack quadratically over a
 * long run of spaces.
 */
function splitUrls(raw: string): string[] {
  const parts: string[] = [];
  for (const piece of raw.split('|')) {
    const separator = /[\s;,]+/g;
    let start = 0;
    for (let match = separator.exec(piece); match !== null; match = separator.exec(piece)) {
      URL_START.lastIndex = separator.lastIndex;
      if (!URL_START.test(piece)) continue;
      parts.push(piece.slice(start, match.index));
      start = separator.lastIndex;
    }
    parts.push(piece.slice(start));
  }
  return parts.map((part) => part.trim().replace(/\s+/g, ' ')).filter((part) => part !== '');
}

/** `|`-list of URLs, each checked as `normalizeUrl` does. */
export function normalizeUrlList(column: Column, raw: string): Normalized<string[]> {
  const values: string[] = [];
  const issues: Issue[] = [];
  for (const part of splitUrls(raw)) {
    const result = normalizeOneUrl(column, part);
    issues.push(...result.issues);
    if (result.value !== null && !values.includes(result.value)) values.push(result.value);
  }
  return { value: values, issues };
}

/** An address between angle brackets, as mail programs write it after a name: `Nom <adresse>`. */
const BRACKETED_ADDRESS = /<([^<>\s@]+@[^<>\s@]+)>/g;

/**
 * The candidate addresses of a cell: `| ; ,` or spaces separate them, and in
 * « Mairie de Nevers <contact@nevers.fr> » only the address between the brackets counts.
 */
function emailCandidates(raw: string): string[] {
  const candidates: string[] = [];
  for (const segment of raw.split(/[|;,]/)) {
    let rest = 0;
    for (const match of segment.matchAll(BRACKETED_ADDRESS)) {
      candidates.push(match[1]!);
      rest = match.index + match[0].length;
    }
    candidates.push(...segment.slice(rest).split(/\s+/));
  }
  return candidates.filter((candidate) => candidate !== '');
}

/** E-mail addresses: `mailto:` removed, any of `| ; ,` or spaces accepted between addresses. */
export function normalizeEmailList(column: Column, raw: string): Normalized<string[]> {
  const values: string[] = [];
  const issues: Issue[] = [];
  for (const part of emailCandidates(raw)) {
    const address = part.replace(/^mailto:/i, '');
    if (isEmailAddress(address)) {
      const lower = address.toLowerCase();
      if (!values.includes(lower)) values.push(lower);
    } else {
      issues.push({
        code: 'courriel-invalide',
        message:
          `L'adresse ${quoteValue(part)} (${label(column)}) n'est pas une adresse électronique valide : elle a été ignorée. ` +
          `Exemple attendu : contact@mairie.fr (seuls des lettres, des chiffres et . _ + - précèdent le @).`,
      });
    }
  }
  return { value: values, issues };
}

/** An international number that keeps the national 0 after its country code ("+33 0 1 80…"). */
const NATIONAL_ZERO_AFTER_CODE = new RegExp(`^(${TEN_DIGIT_COUNTRY_CODES.join('|')})0(\\d{9})$`);

/** Postal codes of the overseas départements and collectivities (971…988). */
const OVERSEAS_POSTAL_CODE = /^9[78]/;

export interface PhoneContext {
  /** The venue's normalized postal code ('' when unknown). */
  codePostal: string;
}

const PHONE_FORMAT_HINT = 'Le standard demande le format international sans espace, par exemple +33180059880.';

/**
 * One phone number as `+CCXXXXXXXXX`. National numbers get their country code from their
 * overseas prefix, except for a venue with a metropolitan postal code, where such a number
 * stays +33: ARCEP's numbers reserved for fiction (06 39 98 …) sit in Mayotte's mobile block.
 */
export function normalizePhone(column: Column, raw: string, context: PhoneContext = { codePostal: '' }): Normalized<string> {
  const trimmed = raw.trim();
  if (trimmed === '') return ok('');
  const compact = trimmed.replace(/\(0\)/g, '').replace(/[\s.\-/()]/g, '');
  const international = /^(\+|00)/.test(compact);
  // "+33 0 1 80…" keeps the national 0 after the country code; it is dropped when dialling.
  const digits = compact.replace(/^(\+|00)/, '').replace(NATIONAL_ZERO_AFTER_CODE, '$1$2');
  const overseasAllowed = context.codePostal === '' || OVERSEAS_POSTAL_CODE.test(context.codePostal);
  const countryCode = (nine: string): string =>
    (overseasAllowed ? OVERSEAS_PREFIXES.find(([prefix]) => prefix.test(nine))?.[1] : undefined) ?? '33';

  let value: string | null = null;
  let correction: Issue | null = null;
  if (!/^\d+$/.test(digits)) {
    value = null;
  } else if (!international && /^[1-9]\d{8}$/.test(digits)) {
    // A spreadsheet stored the number as a number and dropped its leading 0.
    value = `+${countryCode(digits)}${digits}`;
    correction = {
      code: 'telephone-zero-initial',
      message:
        `Le numéro ${quoteValue(trimmed)} n'a que 9 chiffres : le 0 initial a été rétabli (« ${value} »). ` +
        `Dans votre tableur, mettez la colonne telephone au format Texte pour garder le zéro initial.`,
    };
  } else if (!international && /^0\d{9}(0\d{9})?$/.test(digits)) {
    const nine = digits.slice(1, 10);
    value = `+${countryCode(nine)}${nine}`;
    if (digits.length > 10) {
      correction = {
        code: 'telephone-plusieurs-numeros',
        message: `La cellule ${quoteValue(trimmed)} contient plusieurs numéros : seul le premier a été gardé (« ${value} »). Indiquez un seul numéro, celui de l'accueil du lieu.`,
      };
    }
  } else if (international && /^33\d{9}$/.test(digits)) {
    const nine = digits.slice(2);
    value = `+${countryCode(nine)}${nine}`;
    if (!value.startsWith('+33')) {
      correction = {
        code: 'telephone-indicatif-corrige',
        message: `Le numéro ${quoteValue(trimmed)} est un numéro d'outre-mer : il s'écrit « ${value} » avec l'indicatif de son territoire, pas +33. ${PHONE_FORMAT_HINT}`,
      };
    }
  } else if (international && /^269(269|639)\d{6}$/.test(digits)) {
    // +269 is the Comoros; a Mayotte number (0269…, 0639…) written with it is a known mix-up.
    value = `+262${digits.slice(3)}`;
    correction = {
      code: 'telephone-indicatif-corrige',
      message: `Le numéro ${quoteValue(trimmed)} est un numéro de Mayotte : son indicatif est +262 (+269 est celui des Comores). Il a été écrit « ${value} ».`,
    };
  } else if (international && /^[1-9]\d{7,14}$/.test(digits)) {
    value = `+${digits}`;
  }
  if (value === null) {
    return withIssue(
      '',
      'telephone-invalide',
      `Le numéro ${quoteValue(trimmed)} n'est pas un numéro de téléphone lisible : il a été ignoré. ` +
        `Indiquez un seul numéro, par exemple 01 80 05 98 80 ou +33180059880.`,
    );
  }
  if (correction) return { value, issues: [correction] };
  // Writing a valid national number ("04 65 71 86 67") in the standard's international form is a
  // lossless normalization, not a mistake: most real files use the national form, and one warning
  // per venue would bury the problems a contributor must act on.
  return ok(value);
}

/* ------------------------------------------------------------------ hours */

export function normalizeHours(_column: Column, raw: string): Normalized<string> {
  const trimmed = raw.trim();
  if (trimmed === '') return ok('');
  const check = checkHours(trimmed);
  if (check.status === 'valide') return ok(check.value);
  if (check.status === 'repare') {
    return withIssue(
      check.value,
      'horaires-repares',
      `Les horaires ${quoteValue(trimmed)} ont été réécrits « ${check.value} » au format OpenStreetMap. Vérifiez-les et corrigez la source.`,
    );
  }
  return withIssue(
    '',
    'horaires-invalides',
    `Les horaires ${quoteValue(trimmed)} ne sont pas au format OpenStreetMap (opening_hours) : ils ont été ignorés. ` +
      `Exemple attendu : « Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00 ». ` +
      `Vous pouvez tester vos horaires sur https://openingh.openstreetmap.de/evaluation_tool/.`,
  );
}

/* ------------------------------------------------------------------ dispatch */

type Normalizer = (column: Column, raw: string, context?: PhoneContext) => Normalized<string | string[] | number | null>;

const NORMALIZERS: Record<FieldSpec['kind'], Normalizer> = {
  text: normalizeText,
  list: normalizeList,
  'enum-list': normalizeEnumList,
  coordinate: normalizeCoordinate,
  date: normalizeDate,
  url: normalizeUrl,
  'url-list': normalizeUrlList,
  'email-list': normalizeEmailList,
  phone: normalizePhone,
  hours: normalizeHours,
};

/**
 * Normalizes one cell according to its column's kind; phones also use the venue's postal code.
 * Before any check, invisible control characters are removed and the cell's length is checked,
 * so that no normalizer ever sees more than its column's limit (free text is cut by
 * `normalizeText` instead).
 */
export function normalizeField<C extends Column>(column: C, raw: string, context?: PhoneContext): Normalized<FieldValue<C>> {
  const field = spec(column);
  const issues: Issue[] = [];
  const { text, removed } = removeInvisibleControls(raw);
  if (removed > 0) {
    issues.push({
      code: 'caracteres-invisibles',
      message:
        `La cellule contient ${removed > 1 ? `${removed} caractères invisibles` : 'un caractère invisible'} (caractère de contrôle, ` +
        `séquence d'échappement de terminal ou inversion du sens d'écriture) : ${removed > 1 ? 'ils ont été retirés' : 'il a été retiré'}. ` +
        `Retapez la valeur, ou collez-la depuis un texte simple.`,
    });
  }
  const length = text.trim().length;
  if (length > field.maxLength && field.freeText !== true) {
    issues.push({
      code: 'valeur-trop-longue',
      message:
        `La valeur de la colonne ${column} (${field.label}) fait ${length.toLocaleString('fr-FR')} caractères, au-delà des ` +
        `${field.maxLength.toLocaleString('fr-FR')} permis : elle a été ignorée. Vérifiez cette cellule (valeur collée ` +
        `plusieurs fois, colonnes décalées ?).`,
    });
    return { value: emptyValue(column), issues };
  }
  const result = NORMALIZERS[field.kind](column, text, context) as Normalized<FieldValue<C>>;
  return issues.length === 0 ? result : { value: result.value, issues: [...issues, ...result.issues] };
}
