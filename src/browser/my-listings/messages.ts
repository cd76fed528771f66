/** What the « Télécharger mes lieux » section of /contribuer/ and its Web Worker say to each other. */
export interface MyListingsRequest {
  /** Absolute URL of the published listing file (`/donnees/sources/…`). */
  url: string;
  /** Its name relative to the listings folder. */
  file: string;
  sourceKey: string;
  sourceLabel: string;
}

export type MyListingsResponse =
  | { type: 'result'; rows: number; name: string; csv: string; xlsx: ArrayBuffer }
  | { type: 'error'; message: string };
