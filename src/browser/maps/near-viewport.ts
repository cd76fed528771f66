/**
 * Defers work until an element comes near the viewport: maps below the fold load Leaflet and
 * their tiles only if the visitor scrolls to them. No import of Leaflet here, so that pages pay
 * for it only when a map is shown.
 */

/** Runs `show` for each element once it comes near the viewport, so that hidden maps cost nothing. */
export function whenNearViewport(elements: Iterable<HTMLElement>, show: (element: HTMLElement) => void): void {
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        show(entry.target as HTMLElement);
      }
    },
    { rootMargin: '200px' },
  );
  for (const element of elements) observer.observe(element);
}
