/**
 * What every Leaflet map of the site needs for keyboard, screen reader and motion-sensitive
 * visitors, and that Leaflet does not do by itself:
 * - no zoom, fade or pan animation when the visitor asks for reduced motion;
 * - zoom buttons labelled in French and placed before the markers in the tab order (Leaflet puts
 *   them after every marker, which can be hundreds of Tab presses away);
 * - a popup opened from the keyboard receives the focus, closes with Escape wherever the focus is
 *   (Leaflet only listens while the map itself is focused) and gives the focus back to its marker;
 *   its close button is labelled in French.
 */
import L from 'leaflet';

export function prefersReducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** `options` for `L.map`, with the animations off under reduced motion and Leaflet's English zoom control left out. */
export function accessibleMapOptions(options: L.MapOptions = {}): L.MapOptions {
  const animate = !prefersReducedMotion();
  return { ...options, zoomControl: false, zoomAnimation: animate, fadeAnimation: animate, markerZoomAnimation: animate };
}

/** Options for `setView`, `fitBounds` and `panTo`: the view jumps instead of gliding under reduced motion. */
export function viewChangeOptions(): { animate: boolean } {
  return { animate: !prefersReducedMotion() };
}

/** Adds the French zoom buttons (unless `zoomButtons` is false) and the keyboard handling of popups to `map`. */
export function makeMapAccessible(map: L.Map, zoomButtons = true): void {
  if (zoomButtons) L.control.zoom({ zoomInTitle: 'Zoomer', zoomOutTitle: 'Dézoomer' }).addTo(map);
  const container = map.getContainer();
  const controls = container.querySelector('.leaflet-control-container');
  // The controls are positioned absolutely: moving them first changes the tab order, not the look.
  if (controls) container.prepend(controls);
  map.on('popupopen', (event: L.PopupEvent) => followPopup(map, event.popup));
}

function followPopup(map: L.Map, popup: L.Popup): void {
  const element = popup.getElement();
  if (!element) return;
  const close = element.querySelector<HTMLElement>('.leaflet-popup-close-button');
  close?.setAttribute('aria-label', 'Fermer');
  close?.setAttribute('title', 'Fermer');
  const opener = document.activeElement;
  const content = element.querySelector<HTMLElement>('.leaflet-popup-content');
  const fromMarker = opener instanceof HTMLElement && opener.classList.contains('leaflet-marker-icon');
  if (fromMarker && content) {
    content.tabIndex = -1;
    content.focus();
  }
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    map.closePopup(popup);
  };
  document.addEventListener('keydown', onKeyDown);
  popup.once('remove', () => {
    document.removeEventListener('keydown', onKeyDown);
    const focus = document.activeElement;
    const focusLost = !focus || focus === document.body || element.contains(focus);
    if (fromMarker && focusLost && opener.isConnected) opener.focus();
  });
}
