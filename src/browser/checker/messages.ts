/** What the checker page and its Web Worker say to each other. */
import type { DiffReport } from '../../contribute/diff.ts';
import type { FileCheck } from '../../contribute/check-file.ts';

/** Absolute URLs of the site's own static files the worker reads. */
export interface CheckerUrls {
  communeReference: string;
  onlineGeocodeCache: string;
  sourcesIndex: string;
  sourcesBase: string;
}

/** `prepare` is sent when the page opens, so that the commune table is read while the member picks her file. */
export type CheckRequest = { type: 'prepare'; urls: CheckerUrls } | { type: 'check'; name: string; bytes: ArrayBuffer; urls: CheckerUrls };

export type CheckResponse =
  | { type: 'progress'; label: string; done: number }
  /** `diff` is null for a new producer's file (no published file has its name or ids: every row is added). */
  | { type: 'result'; check: FileCheck; diff: DiffReport | null; currentFile: string | null }
  | { type: 'error'; message: string };
