/**
 * DOM building for the list items and map popups. Listing text is untrusted: everything goes
 * through `textContent` and attribute setters, never through HTML strings.
 */
import { formatDistance } from '../../common/numbers.ts';
import { HOLIDAY_NOTE, formatOpenStatus, openStatus } from '../../common/opening.ts';
import { PRECISIONS, venueSlug, type SearchIndex } from '../../common/search-format.ts';
import { paths } from '../site.ts';

/** Shown next to every status: the browser does not know public holidays. */

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** « Ouvert – ferme à 17h00 » or '' when the hours are unknown, plus whether it is open. */
export function venueStatus(index: SearchIndex, i: number, now: Date): { text: string; open: boolean; irregular: boolean } | null {
  const schedule = index.schedules[index.venues.schedule[i]!];
  if (!schedule) return null;
  const status = openStatus(schedule, now, index.timeZones[index.venues.timeZone[i]!]);
  return { text: formatOpenStatus(status), open: status.open, irregular: schedule.irregular };
}

function statusParagraph(index: SearchIndex, i: number, now: Date): HTMLParagraphElement {
  const status = venueStatus(index, i, now);
  if (!status) return element('p', 'finder-status finder-status--unknown', 'Horaires non communiqués');
  const paragraph = element('p', `finder-status finder-status--${status.open ? 'open' : 'closed'}`, status.text);
  paragraph.title = HOLIDAY_NOTE;
  if (status.irregular) paragraph.append(element('span', 'finder-status__note', ' (horaires variables selon les semaines)'));
  return paragraph;
}

function serviceLabels(index: SearchIndex, i: number): string[] {
  const mask = index.venues.masks.services[i]!;
  return index.vocabularies.services.values.filter((_, bit) => (mask >> bit) & 1);
}

export interface ItemOptions {
  now: Date;
  /** Distance from the search origin, in km. */
  distance?: number;
  /** Open venue pages in a new tab (embedded map). */
  newTab: boolean;
}

function venueLink(index: SearchIndex, i: number, text: string, newTab: boolean): HTMLAnchorElement {
  const link = element('a', '', text);
  link.href = paths.venue(venueSlug(index.venues, i));
  if (newTab) {
    link.target = '_blank';
    link.rel = 'noopener';
  }
  return link;
}

/** One result of the list: name (link), type and commune, distance, status, services. */
export function listItem(index: SearchIndex, i: number, options: ItemOptions): HTMLLIElement {
  const v = index.venues;
  const item = element('li', 'finder-item');
  const heading = element('h3', 'finder-item__name');
  heading.append(venueLink(index, i, v.name[i]!, options.newTab));
  item.append(heading);
  const type = index.typologies[v.typology[i]!];
  const place = `${v.commune[i]} (${v.postalCode[i]})`;
  item.append(element('p', 'finder-item__meta', type ? `${type} · ${place}` : place));
  if (options.distance !== undefined) item.append(element('p', 'finder-item__distance', `à ${formatDistance(options.distance)}`));
  item.append(statusParagraph(index, i, options.now));
  const services = serviceLabels(index, i);
  if (services.length > 0) {
    const list = element('ul', 'tag-list finder-item__services');
    list.setAttribute('aria-label', 'Services');
    for (const label of services) list.append(element('li', '', label));
    item.append(list);
  }
  return item;
}

/** The popup of a venue marker: name, address, status, link to its page. */
export function popupContent(index: SearchIndex, i: number, now: Date, newTab: boolean): HTMLElement {
  const v = index.venues;
  const box = element('div', 'finder-popup');
  box.append(element('p', 'finder-popup__name', v.name[i]!));
  const address = element('p', 'finder-popup__address', v.address[i]!);
  address.append(document.createElement('br'), `${v.postalCode[i]} ${v.commune[i]}`);
  box.append(address);
  const precision = PRECISIONS[v.precision[i]!];
  if (precision && precision !== 'adresse') {
    box.append(element('p', 'finder-popup__note', 'Position approximative (centre de la commune ou du secteur).'));
  }
  box.append(statusParagraph(index, i, now));
  const link = venueLink(index, i, 'Voir la fiche du lieu', newTab);
  const linkParagraph = element('p', '');
  linkParagraph.append(link);
  box.append(linkParagraph);
  return box;
}
