/**
 * What a venue page shows, computed from a Venue: labels, safe contact links, staleness,
 * completeness, and the links to the project (repository, contact) for this venue.
 * Pure functions: the page templates stay thin and these stay testable.
 */
import { ModaliteAcces } from '@gouvfr-anct/lieux-de-mediation-numerique';
import { around, distance } from 'geokdbush';
import KDBush from 'kdbush';
import { isEmailAddress, nationalNumber } from '../common/contact.ts';
import { FIELDS, type Column, type StandardRecord } from '../pipeline/schema.ts';
import type { Geocode, SourceRef, Venue } from '../pipeline/types.ts';
import type { ProjectLinks } from '../config.ts';
import { streetAddress } from '../common/names.ts';


/* ------------------------------------------------------------------ safe links */

export interface ContactLink {
  kind: 'telephone' | 'courriel' | 'site';
  href: string;
  /** What the link reads, e.g. « 01 23 45 67 89 ». */
  label: string;
}

/** The URL when it is an absolute http(s) URL, else null: listing text must never become a script link. */
export function safeWebUrl(value: string): string | null {
  const trimmed = value.trim();
  if (!/^https?:\/\//i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A site's address without the protocol and trailing slash, as people read it. */
export function displayWebUrl(href: string): string {
  return href.replace(/^https?:\/\//i, '').replace(/\/$/, '');
}

export function mailtoLink(email: string): string | null {
  const trimmed = email.trim();
  return isEmailAddress(trimmed) ? `mailto:${trimmed}` : null;
}

/** `tel:` link from a stored phone number (`+33XXXXXXXXX` or as written); null without digits. */
export function telLink(phone: string): string | null {
  const compact = phone.replace(/[^\d+]/g, '');
  if (!/^\+?\d{3,15}$/.test(compact)) return null;
  return `tel:${compact}`;
}

/** « 01 23 45 67 89 » or « 06 39 98 99 28 » for a French number stored in international form; others as stored. */
export function displayPhone(phone: string): string {
  const compact = phone.replace(/[^\d+]/g, '');
  const national = nationalNumber(compact) ?? (/^0\d{9}$/.test(compact) ? compact : null);
  return national ? national.replace(/(\d{2})(?=\d)/g, '$1 ') : phone.trim();
}

/** Telephone, e-mails and websites as links, dropping anything that is not a safe link. */
export function contactLinks(record: StandardRecord): ContactLink[] {
  const links: ContactLink[] = [];
  const tel = record.telephone ? telLink(record.telephone) : null;
  if (tel) links.push({ kind: 'telephone', href: tel, label: displayPhone(record.telephone) });
  for (const email of record.courriels) {
    const href = mailtoLink(email);
    if (href) links.push({ kind: 'courriel', href, label: email.trim() });
  }
  for (const site of record.site_web) {
    const href = safeWebUrl(site);
    if (href) links.push({ kind: 'site', href, label: displayWebUrl(href) });
  }
  return links;
}

/* ------------------------------------------------------------------ freshness, access, position */

/** Whether `date_maj` is more than a year before `now` (or unreadable: then nobody knows). */
export function isStale(dateMaj: string, now: Date): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateMaj);
  if (!match) return true;
  const oneYearLater = Date.UTC(Number(match[1]) + 1, Number(match[2]) - 1, Number(match[3]));
  return oneYearLater < now.getTime();
}

export const STALE_WARNING = 'Informations mises à jour il y a plus d’un an : elles peuvent avoir changé.';

/** False when the producer says the venue does not receive the public. */
export function receivesPublic(record: StandardRecord): boolean {
  return !record.modalites_acces.includes(ModaliteAcces.PasDePublic);
}

/** A sentence when the point on the map is not the venue's address, else null. */
export function positionNote(geo: Geocode): string | null {
  switch (geo.precision) {
    case 'adresse':
      return null;
    case 'commune':
      return 'Position approximative (centre de la commune).';
    case 'commune_voisine':
      return 'Position approximative (point d’une commune voisine).';
    case 'code_postal':
      return 'Position approximative (commune du code postal).';
    case 'departement':
      return 'Position très approximative (centre du département).';
    case 'aucune':
      return 'Position inconnue.';
  }
}

/** OpenStreetMap directions to the venue (the visitor chooses the start and the means). */
export function itineraryUrl(geo: Geocode): string {
  return `https://www.openstreetmap.org/directions?to=${geo.lat.toFixed(6)}%2C${geo.lon.toFixed(6)}`;
}

/** One line: address, complement, postal code and commune. */
export function fullAddress(record: StandardRecord): string {
  const street = streetAddress(record.adresse, record.complement_adresse);
  return [street, `${record.code_postal} ${record.commune}`.trim()].filter(Boolean).join(', ');
}

/* ------------------------------------------------------------------ completeness */

/** Fields a visitor needs to decide to go; the position counts as one more (precise or not). */
const IMPORTANT_FIELDS = [
  'typologie',
  'horaires',
  'telephone',
  'courriels',
  'site_web',
  'presentation_resume',
  'services',
  'modalites_acces',
  'modalites_accompagnement',
  'frais_a_charge',
  'fiche_acces_libre',
] as const satisfies readonly Column[];

export interface Completeness {
  /** 0–100, rounded. */
  percent: number;
  filled: number;
  total: number;
  /** French names of the missing fields, in the order above. */
  missing: string[];
}

export function completeness(venue: Pick<Venue, 'record' | 'geo'>): Completeness {
  const missing: string[] = [];
  for (const column of IMPORTANT_FIELDS) {
    const value: string | string[] = venue.record[column];
    if (value.length === 0) missing.push(FIELDS[column].label);
  }
  if (venue.geo.precision !== 'adresse') missing.push('position précise');
  const total = IMPORTANT_FIELDS.length + 1;
  const filled = total - missing.length;
  return { percent: Math.round((filled / total) * 100), filled, total, missing };
}

/* ------------------------------------------------------------------ producer links */

/** The data file's path in the repository (the pipeline names files relative to `data/lieux/`). */
function repositoryPath(file: string): string {
  return `data/lieux/${file.split('/').map(encodeURIComponent).join('/')}`;
}

/** Where the source row can be read (line anchor) and the file edited in the repository. */
export function sourceLinks(source: SourceRef, links: ProjectLinks): { view: string; edit: string } {
  const file = repositoryPath(source.file);
  return {
    view: `${links.repoUrl}/blob/${links.branch}/${file}?plain=1#L${source.line}`,
    edit: `${links.repoUrl}/edit/${links.branch}/${file}`,
  };
}

/** « Signaler une erreur »: a prefilled issue on the repository, and a mailto when an address is set. */
export function reportErrorLinks(
  venue: Pick<Venue, 'slug' | 'record' | 'sources'>,
  pageUrl: string,
  links: ProjectLinks,
): { issue: string; email: string | null } {
  const title = `Erreur sur la fiche « ${venue.record.nom} » (${venue.record.commune})`;
  const body = [
    `Fiche : ${pageUrl}`,
    `Identifiant : ${venue.slug}`,
    `Sources : ${venue.sources.map((s) => `${s.file} ligne ${s.line} (id ${s.id})`).join(' ; ')}`,
    '',
    'Ce qui est faux :',
    '',
    'La bonne information (et comment vous la connaissez) :',
    '',
  ].join('\n');
  const query = `title=${encodeURIComponent(title)}&body=${encodeURIComponent(body)}`;
  return {
    issue: `${links.repoUrl}/issues/new?${query}`,
    email: links.contactEmail ? `mailto:${links.contactEmail}?subject=${encodeURIComponent(title)}&body=${encodeURIComponent(body)}` : null,
  };
}

/** The mailto fallback of the share button: subject and body prefilled, recipient left to choose. */
export function shareMailto(venue: Pick<Venue, 'record'>, pageUrl: string): string {
  const subject = `Lieu de médiation numérique : ${venue.record.nom}`;
  const body = `${venue.record.nom}\n${fullAddress(venue.record)}\n\n${pageUrl}`;
  return `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

/* ------------------------------------------------------------------ nearby venues */

export interface NearbyVenue {
  venue: Venue;
  km: number;
}

/**
 * The `count` nearest other venues of every venue, by slug, within `maxKm`. A venue's own doubles
 * (the same source listing the place again, `Venue.doubles`) are not « lieux proches », and the
 * doubles of another place count once. One k-d tree over all points, one query per venue:
 * O(n log n) for the whole site, not one scan per page.
 */
export function nearbyVenues(venues: readonly Venue[], count = 5, maxKm = 50): Map<string, NearbyVenue[]> {
  const result = new Map<string, NearbyVenue[]>();
  if (venues.length === 0) return result;
  const index = new KDBush(venues.length);
  for (const venue of venues) index.add(venue.geo.lon, venue.geo.lat);
  index.finish();
  venues.forEach((venue, self) => {
    const own = new Set(venue.doubles);
    // Nearest first; twice the count leaves room for the doubles skipped below.
    const ids = around(index, venue.geo.lon, venue.geo.lat, count * 2, maxKm, (id) => id !== self && !own.has(venues[id]!.slug));
    const listed = new Set<string>();
    const nearest: NearbyVenue[] = [];
    for (const id of ids) {
      const other = venues[id]!;
      if (nearest.length === count || listed.has(other.slug)) continue;
      listed.add(other.slug);
      for (const slug of other.doubles ?? []) listed.add(slug);
      nearest.push({ venue: other, km: distance(venue.geo.lon, venue.geo.lat, other.geo.lon, other.geo.lat) });
    }
    result.set(venue.slug, nearest);
  });
  return result;
}
