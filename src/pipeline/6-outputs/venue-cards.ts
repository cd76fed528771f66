/**
 * Venues as lists show them: a source's probable doubles of one place (`Venue.doubles`) make one
 * card. Shared by the search index and the site's venue lists, so both count cards the same way.
 */
import type { Venue } from '../types.ts';

/** One card of a list: a venue and the other pages its source gives the same place. */
export interface VenueCard {
  venue: Venue;
  doubles: Venue[];
}

/**
 * A list as citizens see it: venues that one source lists several times at one address
 * (`Venue.doubles`, a « doublon probable » reported to that producer) make one card, where the
 * first of them comes in the list; the others are reached from it.
 */
export function venueCards(venues: readonly Venue[]): VenueCard[] {
  const bySlug = new Map(venues.map((venue) => [venue.slug, venue]));
  const shown = new Set<string>();
  const cards: VenueCard[] = [];
  for (const venue of venues) {
    if (shown.has(venue.slug)) continue;
    shown.add(venue.slug);
    const doubles = (venue.doubles ?? []).flatMap((slug) => bySlug.get(slug) ?? []);
    for (const double of doubles) shown.add(double.slug);
    cards.push({ venue, doubles });
  }
  return cards;
}
