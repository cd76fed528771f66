/**
 * The « Menu » button that folds the header's links on narrow screens (the `has-nav-menu` class,
 * set inline before the first paint, lets the CSS fold them). Escape closes it and gives the focus
 * back to the button.
 */
export function connectNavMenu(): void {
  const toggle = document.getElementById('site-nav-toggle');
  const header = toggle?.closest('header');
  if (!toggle || !header) return;
  const setOpen = (open: boolean): void => toggle.setAttribute('aria-expanded', String(open));
  toggle.addEventListener('click', () => setOpen(toggle.getAttribute('aria-expanded') !== 'true'));
  header.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || toggle.getAttribute('aria-expanded') !== 'true') return;
    setOpen(false);
    toggle.focus();
  });
}
