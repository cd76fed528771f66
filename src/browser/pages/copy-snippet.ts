/** « Copier le code » on the embedding page, shown only where the clipboard can be written. */
export function connectCopyButton(): void {
  const button = document.querySelector<HTMLButtonElement>('#embed-copy');
  const code = document.querySelector<HTMLElement>('#embed-snippet');
  const status = document.querySelector<HTMLElement>('#embed-copy-status');
  if (!button || !code || !status || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(code.textContent ?? '').then(
      () => (status.textContent = 'Code copié.'),
      () => (status.textContent = 'La copie a échoué : sélectionnez le code et copiez-le à la main.'),
    );
  });
}
