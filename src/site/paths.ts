/**
 * The site's internal URLs for pages and components, under the configured base path (see
 * `src/common/site-paths.ts`, which browser code uses with the base the page gives it).
 */
import { siteConfig } from '../config.ts';
import { sitePaths } from '../common/site-paths.ts';

export const paths = sitePaths(siteConfig().basePath);
