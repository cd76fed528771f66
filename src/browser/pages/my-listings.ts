/**
 * « Télécharger mes lieux » on /contribuer/: the producer picks her source; a Web Worker prepares
 * her current rows from the published file that holds them, and the page offers them as a
 * spreadsheet (`.xlsx`, every cell text) and as CSV. Names and labels are written with `textContent`.
 */
import type { MyListingsRequest, MyListingsResponse } from '../my-listings/messages.ts';

const number = new Intl.NumberFormat('fr-FR');

export function connectMyListings(root: HTMLElement): void {
  const select = root.querySelector<HTMLSelectElement>('select')!;
  const button = root.querySelector<HTMLButtonElement>('[data-prepare]')!;
  const status = root.querySelector<HTMLElement>('[data-status]')!;
  const downloads = root.querySelector<HTMLElement>('[data-downloads]')!;
  const urls: string[] = [];
  let worker: Worker | null = null;
  root.hidden = false;

  const link = (text: string, blob: Blob, name: string, className: string): HTMLLIElement => {
    const url = URL.createObjectURL(blob);
    urls.push(url);
    const anchor = Object.assign(document.createElement('a'), { href: url, download: name, textContent: text, className });
    const item = document.createElement('li');
    item.append(anchor);
    return item;
  };

  button.addEventListener('click', () => {
    const option = select.selectedOptions[0];
    if (!option?.dataset.file || !option.dataset.source) return;
    worker?.terminate();
    for (const url of urls.splice(0)) URL.revokeObjectURL(url);
    downloads.replaceChildren();
    status.textContent = 'Préparation de vos lieux…';
    worker = new Worker(new URL('../my-listings/worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<MyListingsResponse>) => {
      const message = event.data;
      worker?.terminate();
      worker = null;
      if (message.type === 'error') {
        status.textContent = message.message;
        return;
      }
      status.textContent = `${number.format(message.rows)} ${message.rows > 1 ? 'lieux prêts' : 'lieu prêt'} (source « ${option.dataset.label ?? ''} »).`;
      downloads.replaceChildren(
        link('Télécharger le tableur (.xlsx)', new Blob([message.xlsx], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), `${message.name}.xlsx`, 'button'),
        link('Télécharger le fichier CSV', new Blob([message.csv], { type: 'text/csv;charset=utf-8' }), `${message.name}.csv`, 'button--secondary'),
      );
    };
    const request: MyListingsRequest = {
      url: new URL(option.dataset.file, location.href).href,
      file: option.dataset.name ?? '',
      sourceKey: option.dataset.source,
      sourceLabel: option.dataset.label ?? '',
    };
    worker.postMessage(request);
  });
}
