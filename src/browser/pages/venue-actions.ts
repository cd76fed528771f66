/**
 * The venue page's share and print actions. Share uses the Web Share API where the device has it;
 * otherwise the link keeps its prefilled e-mail. Print buttons stay hidden without JavaScript.
 */
export function connectVenueActions(): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>('[data-share]')) {
    if (typeof navigator.share !== 'function') continue;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      navigator.share({ title: link.dataset.shareTitle ?? document.title, url: link.dataset.shareUrl ?? location.href }).catch(() => {
        // The visitor closed the share sheet: nothing to do.
      });
    });
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-print]')) {
    button.hidden = false;
    button.addEventListener('click', () => window.print());
  }
}
