/**
 * When and how the home page's script fetches what it needs: after the page has painted, so that
 * the venue data never competes with the first screen, and failing loudly on a bad response.
 */

/** The element the server-rendered page must hold; its absence is a build bug, not a visitor's. */
export function required<T extends Element>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`Missing ${selector}`);
  return found;
}

/** After the load event and the first contentful paint, so that fetching the data never competes with it. */
export function afterLoad(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (document.readyState === 'complete') resolve();
    else window.addEventListener('load', () => resolve(), { once: true });
  }).then(afterFirstPaint);
}

/** Resolves once the browser reports its first contentful paint (at most a second later otherwise). */
function afterFirstPaint(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!PerformanceObserver.supportedEntryTypes?.includes('paint')) {
      resolve();
      return;
    }
    const observer = new PerformanceObserver((entries) => {
      if (entries.getEntriesByName('first-contentful-paint').length > 0) done();
    });
    // A page opened in a background tab never paints until shown: do not wait for it forever.
    const timer = window.setTimeout(done, 1000);
    function done(): void {
      window.clearTimeout(timer);
      observer.disconnect();
      resolve();
    }
    observer.observe({ type: 'paint', buffered: true });
  });
}

export async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
}
