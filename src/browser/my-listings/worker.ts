/**
 * The Web Worker of « Télécharger mes lieux »: fetches the published listing file that holds the
 * producer's source (a GET of the site's own static file), keeps her rows and writes them as CSV
 * and as a spreadsheet, without blocking the page on a large consolidated file.
 */
import { sourceRows, sourceRowsCsv, sourceRowsName, sourceRowsXlsx } from '../../contribute/source-rows.ts';
import type { MyListingsRequest, MyListingsResponse } from './messages.ts';

const post = (message: MyListingsResponse, transfer: Transferable[] = []): void => postMessage(message, { transfer });

onmessage = async (event: MessageEvent<MyListingsRequest>) => {
  const { url, file, sourceKey, sourceLabel } = event.data;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${file} : ${response.status}`);
    const { rows, wholeFile } = sourceRows(file, new Uint8Array(await response.arrayBuffer()), sourceKey);
    const xlsx = sourceRowsXlsx(rows);
    const buffer = xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer;
    post({ type: 'result', rows: rows.length, name: sourceRowsName(file, sourceLabel, wholeFile), csv: sourceRowsCsv(rows), xlsx: buffer }, [buffer]);
  } catch (error) {
    post({
      type: 'error',
      message: `Vos lieux n’ont pas pu être préparés (${error instanceof Error ? error.message : String(error)}). Vérifiez votre connexion et réessayez ; le fichier d’origine reste téléchargeable ci-dessous.`,
    });
  }
};
