/**
 * What the deduplication compares, extracted once per row: the words that name the venue
 * (without function words, generic words and the commune's words), the street and house
 * numbers, contacts (phone, e-mails, hosts), typology groups and SIRET/RNA. The recipe that
 * uses them is described in deduplicate.ts; the scores in pair-score.ts.
 */
import type { StandardRecord } from '../schema.ts';
import { foldText } from '../../common/text.ts';
import { sourceOf } from '../ownership.ts';
import type { Geocode, ValidRow } from '../types.ts';

export interface DedupEntry {
  row: ValidRow;
  geo: Geocode;
}

/** Function words ignored in names and streets. */
const STOP_WORDS = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'a', 'au', 'aux', 'et', 'en', 'sur', 'pour']);

/**
 * Words describing the digital-help function rather than the venue; sources add or drop them
 * ("Espace numérique — Médiathèque X" vs "Médiathèque X"). "mairie" is kept: "Mairie de X" and
 * "Médiathèque de X" are different venues.
 */
const GENERIC_NAME_WORDS = new Set([
  'espace',
  'espaces',
  'numerique',
  'numeriques',
  'point',
  'lieu',
  'pole',
  'accueil',
  'france',
  'services',
  'service',
  'maison',
  'centre',
  'public',
  'publique',
  'mediation',
  'inclusion',
  'conseiller',
  'conseillers',
  'conseillere',
  'cnfs',
  'epn',
  // Labels and legal forms a source puts before the name: « MSAP Tonnerre », « MFS Porte du Jura »,
  // « Association ORE », « CC de la Haute Comté », « IFPA Formation », « Commune de Nolay ».
  'msap',
  'mfs',
  'association',
  'asso',
  'formation',
  'antenne',
  'commune',
  'communaute',
  'communes',
  'cc',
]);

/**
 * Hosts shared by unrelated venues (webmail, social networks, site builders): an e-mail at
 * gmail.com or a Facebook page says nothing about which venue a row describes.
 */
const SHARED_HOSTS = new Set([
  'gmail.com',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'laposte.net',
  'sfr.fr',
  'neuf.fr',
  'bbox.fr',
  'hotmail.com',
  'hotmail.fr',
  'live.fr',
  'outlook.com',
  'outlook.fr',
  'yahoo.com',
  'yahoo.fr',
  'aol.com',
  'icloud.com',
  'gmx.fr',
  'club-internet.fr',
  'facebook.com',
  'fr-fr.facebook.com',
  'm.facebook.com',
  'instagram.com',
  'linkedin.com',
  'sites.google.com',
  'wixsite.com',
  'linktr.ee',
]);

const STREET_ABBREVIATIONS: Record<string, string> = {
  r: 'rue',
  av: 'avenue',
  ave: 'avenue',
  bd: 'boulevard',
  bld: 'boulevard',
  blvd: 'boulevard',
  pl: 'place',
  pce: 'place',
  imp: 'impasse',
  ch: 'chemin',
  chem: 'chemin',
  rte: 'route',
  all: 'allee',
  fg: 'faubourg',
  fbg: 'faubourg',
  qu: 'quai',
  crs: 'cours',
  sq: 'square',
  res: 'residence',
  st: 'saint',
  ste: 'sainte',
  gal: 'general',
  mal: 'marechal',
  pdt: 'president',
};

const NUMBER_SUFFIXES = new Set(['bis', 'ter', 'quater', 'b', 't']);

/**
 * Typologies that cannot describe the same place: two rows whose typologies fall only in
 * different groups are never merged. Codes outside these groups (MUNI, ASSO, Autre...) are
 * compatible with everything, since a municipal library may be typed MUNI by one source and BIB
 * by another.
 */
export const EXCLUSIVE_TYPOLOGY_GROUPS: Readonly<Record<string, readonly string[]>> = {
  bibliotheque: ['BIB', 'RELAIS_LECTURE'],
  'france-services': ['RFS', 'MSAP'],
  'la-poste': ['LA_POSTE'],
  'securite-sociale': ['CAF', 'CPAM', 'MSA'],
  emploi: ['FT', 'ML', 'CAP_EMPLOI', 'MDE', 'MDEF', 'PLIE'],
  'tiers-lieu': ['TIERS_LIEUX', 'FABLAB', 'FABRIQUE'],
  hebergement: ['CHRS', 'CHU', 'CADA', 'HUDA', 'CPH', 'RS_FJT', 'PENSION'],
  'centre-social': ['CS', 'EVS', 'CSC'],
  prefecture: ['PREF'],
};

const GROUP_OF_TYPOLOGY = new Map<string, string>(
  Object.entries(EXCLUSIVE_TYPOLOGY_GROUPS).flatMap(([group, codes]) => codes.map((code) => [code, group] as const)),
);

/* ------------------------------------------------------------------ features */

export interface Features {
  entry: DedupEntry;
  /** Position in the sorted input, the tie-breaker everywhere. */
  order: number;
  /** Rows of one source are never merged. */
  sourceKey: string;
  sourceLabel: string;
  nameTokens: string[];
  streetTokens: string[];
  houseNumbers: string[];
  contact: Contact;
  typologyGroups: ReadonlySet<string>;
  pivot: string | null;
  foldedName: string;
}

/**
 * Spellings that sound the same in French names (« La Fabrik », « Fabrique numérique »), folded
 * to one form so that they match like any one-typo variant.
 */
function soundKey(word: string): string {
  return word.replace(/que$/, 'k').replace(/qu|ck|q/g, 'k').replace(/ph/g, 'f');
}

/**
 * The words that name the venue itself: no function words, no generic words, and not the words
 * of its commune, which every venue of the block shares (« MSAP Nolay », « Commune de Nolay »
 * name two venues of Nolay, not one). A name of generic words only (« Espace numérique ») is
 * kept whole; a name of generic words and its commune only says nothing about the venue: empty.
 */
function nameTokens(foldedName: string, commune: string): string[] {
  const words = foldedName
    .split(' ')
    .filter((w) => w !== '' && !STOP_WORDS.has(w));
  const nonGeneric = words.filter((w) => !GENERIC_NAME_WORDS.has(w));
  if (nonGeneric.length === 0) return words.map(soundKey);
  const communeWords = new Set(foldText(commune).split(' '));
  return nonGeneric.filter((w) => !communeWords.has(w)).map(soundKey);
}

/**
 * The street words and the house numbers: every number before the street (« 7-9 rue Picasso »
 * is 7 and 9), or else the first number; numbers inside the street name (« rue du 11 novembre
 * 1918 ») are left out.
 */
function addressParts(address: string): { streetTokens: string[]; houseNumbers: string[] } {
  const words = foldText(address)
    .split(' ')
    .filter((w) => w !== '' && !/^\d{5}$/.test(w));
  const houseNumbers: string[] = [];
  const streetTokens: string[] = [];
  for (const word of words) {
    const number = /^(\d+)[a-z]*$/.exec(word);
    if (number) {
      if (streetTokens.length === 0 || houseNumbers.length === 0) houseNumbers.push(number[1]!);
      continue;
    }
    if (NUMBER_SUFFIXES.has(word) || STOP_WORDS.has(word)) continue;
    streetTokens.push(STREET_ABBREVIATIONS[word] ?? word);
  }
  return { streetTokens, houseNumbers };
}

/** Phone, e-mails and the hosts of e-mails and websites, as rows share them when they describe one venue. */
export interface Contact {
  phone: string;
  /** Short lists (arrays rather than sets: 100,000 rows hold two each). */
  emails: readonly string[];
  hosts: readonly string[];
  /** A France Services office (typology or programme): two of them in one place are one office. */
  franceServices: boolean;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

const NONE: readonly string[] = [];
const NO_GROUPS: ReadonlySet<string> = new Set();

function contactOf(record: StandardRecord, foldedName: string): Contact {
  const emails = record.courriels.length === 0 ? NONE : record.courriels.map((email) => email.trim().toLowerCase());
  const hosts = [
    ...emails.map((email) => email.slice(email.lastIndexOf('@') + 1)),
    ...record.site_web.flatMap((site) => hostOf(site) ?? []),
  ].filter((host) => !SHARED_HOSTS.has(host));
  return {
    phone: record.telephone,
    emails,
    hosts: hosts.length === 0 ? NONE : hosts,
    franceServices:
      record.typologie.some((code) => code === 'RFS' || code === 'MSAP') ||
      record.dispositif_programmes_nationaux.includes('France Services') ||
      /\b(france services?|msap|mfs)\b/.test(foldedName),
  };
}

/** A SIRET/RNA is a placeholder when it repeats a single character (00000000000000). */
function realPivot(pivot: string): string | null {
  const trimmed = pivot.trim();
  if (trimmed === '' || /^(.)\1*$/.test(trimmed)) return null;
  return trimmed.toUpperCase();
}

export function features(entry: DedupEntry, order: number): Features {
  const { record } = entry.row;
  const source = sourceOf(entry.row.file, record.source);
  const foldedName = foldText(record.nom);
  return {
    entry,
    order,
    sourceKey: source.key,
    sourceLabel: source.label,
    nameTokens: nameTokens(foldedName, record.commune),
    ...addressParts(record.adresse),
    contact: contactOf(record, foldedName),
    typologyGroups: record.typologie.length === 0 ? NO_GROUPS : new Set(record.typologie.flatMap((code) => GROUP_OF_TYPOLOGY.get(code) ?? [])),
    pivot: realPivot(record.pivot),
    foldedName,
  };
}

export function blockKey(entry: DedupEntry): string {
  return entry.geo.codeInsee !== null ? `insee:${entry.geo.codeInsee}` : `cp:${entry.row.record.code_postal}`;
}
