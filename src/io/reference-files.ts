/**
 * Loaders for the committed reference files (the commune table and the online geocoder's cache):
 * the pipeline stages take their parsed content, only the CLIs and the build read the disk.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseOnlineCache } from '../pipeline/3-geocode/geocode-online.ts';
import type { OnlineCacheEntry } from '../pipeline/3-geocode/geocode.ts';
import { parseReferenceData } from '../pipeline/3-geocode/reference.ts';
import type { ReferenceData } from '../pipeline/types.ts';
import { REPO_ROOT } from './files.ts';

export const REFERENCE_FILE = path.join(REPO_ROOT, 'data/reference/communes.json');
export const ONLINE_CACHE_FILE = path.join(REPO_ROOT, 'data/reference/geocodage-cache.csv');

/** Reads the commune table (a relative path is taken from the repository root, whatever the working directory). */
export function loadReferenceData(file: string = REFERENCE_FILE): ReferenceData {
  return parseReferenceData(readFileSync(path.resolve(REPO_ROOT, file), 'utf8'));
}

/** The online geocoder's cache file as a lookup; an absent file is an empty cache. */
export function loadOnlineCache(file: string = ONLINE_CACHE_FILE): Map<string, OnlineCacheEntry> {
  return existsSync(file) ? parseOnlineCache(readFileSync(file, 'utf8')) : new Map();
}
