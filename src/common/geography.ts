/**
 * Where things are, by code and by coordinates, for both runtimes: the département a code points
 * to (the build's CEDEX codes, the home page's filter), the overseas collectivities, great-circle
 * distances (sorting venues around a place; written for people by `formatDistance` in
 * numbers.ts), and the frames the site's maps open on, as `[[south, west], [north, east]]` boxes
 * that Leaflet's `fitBounds` takes.
 */

/**
 * From an INSEE code (`2A004`, `97411`, `79191`) or a postal code (`20000` → 2A, `20200` → 2B,
 * `97400` → 974); undefined when the value is neither.
 */
export function departementOfCode(code: string): string | undefined {
  if (/^2[AB]\d{3}$/.test(code)) return code.slice(0, 2);
  if (!/^\d{5}$/.test(code)) return undefined;
  if (code.startsWith('97') || code.startsWith('98')) return code.slice(0, 3);
  // Corsican postal codes all start with 20: 200xx–201xx are Corse-du-Sud, the rest Haute-Corse.
  if (code.startsWith('20')) return Number(code[2]) < 2 ? '2A' : '2B';
  return code.slice(0, 2);
}

/**
 * Overseas collectivities (COM: Saint-Pierre-et-Miquelon 975, Saint-Barthélemy 977, Saint-Martin
 * 978, the Pacific ones 98x): the official geography files them as their own région, but they
 * are neither a région nor a département and must not be named so.
 */
export function isOverseasCollectivity(code: string): boolean {
  return /^(?:97[578]|98\d)$/.test(code);
}

const EARTH_RADIUS_KM = 6371.0088;
const RADIANS = Math.PI / 180;

/** Great-circle distance in kilometres (haversine), accurate to well under 1 % at these scales. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RADIANS;
  const dLon = (lon2 - lon1) * RADIANS;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RADIANS) * Math.cos(lat2 * RADIANS) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

export type ViewBounds = [[number, number], [number, number]];

/** Metropolitan France and Corsica: the first view of the national maps. */
export const METROPOLE_BOUNDS: ViewBounds = [
  [41.3, -5.2],
  [51.1, 9.6],
];

/** `bounds` as the text of a `data-bounds` attribute, read back by `parseBounds`. */
export const formatBounds = (bounds: ViewBounds): string => bounds.flat().join(',');

/** The bounds of a `data-bounds` attribute, or null when it does not hold four numbers. */
export function parseBounds(text: string | undefined): ViewBounds | null {
  const values = (text ?? '').split(',').map(Number);
  if (values.length !== 4 || values.some((value) => !Number.isFinite(value))) return null;
  const [south, west, north, east] = values as [number, number, number, number];
  return [
    [south, west],
    [north, east],
  ];
}
