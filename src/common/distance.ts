/**
 * Distances between points on the ground, for sorting venues around a place and showing
 * « à 1,2 km ». Browser-safe.
 */

const EARTH_RADIUS_KM = 6371.0088;
const RADIANS = Math.PI / 180;

/** Great-circle distance in kilometres (haversine), accurate to well under 1 % at these scales. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RADIANS;
  const dLon = (lon2 - lon1) * RADIANS;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RADIANS) * Math.cos(lat2 * RADIANS) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * « à 350 m », « à 1,2 km », « à 38 km »: metres below one kilometre (rounded to 10 m), one
 * decimal below ten kilometres, whole kilometres beyond, written the French way (decimal comma,
 * no-break space between thousands).
 */
export function formatDistance(km: number): string {
  if (km < 1) return `à ${Math.max(10, Math.round((km * 1000) / 10) * 10)} m`;
  if (km < 10) {
    const tenths = Math.round(km * 10);
    return tenths === 100 ? 'à 10 km' : `à ${Math.floor(tenths / 10)},${tenths % 10} km`;
  }
  return `à ${Math.round(km).toLocaleString('fr-FR').replace(/\s/g, '\u00a0')} km`;
}
