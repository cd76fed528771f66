/** What the checker page and its Web Worker say to each other. */
import type { DiffReport } from '../../contribute/diff.ts';
import type { FileCheck } from '../../contribute/check-file.ts';

export interface CheckRequest {
  name: string;
  bytes: ArrayBuffer;
  /** Absolute URLs of the site's own static files the worker reads. */
  urls: { communeReference: string; onlineGeocodeCache: string; sourcesIndex: string; sourcesBase: string };
}

export type CheckResponse =
  | { type: 'progress'; label: string; done: number }
  | { type: 'result'; check: FileCheck; diff: DiffReport; currentFile: string | null }
  | { type: 'error'; message: string };
