/**
 * The site's internal URLs for browser code, under the base path the page declares on `<html>`
 * (`data-base`, written by the layout from the build's configuration).
 */
import { sitePaths } from '../common/site-paths.ts';

export const paths = sitePaths(document.documentElement.dataset.base ?? '/');
