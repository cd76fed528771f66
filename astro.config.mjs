// @ts-check
import { defineConfig } from 'astro/config';
import { ConfigError, readSiteConfig } from './src/config.ts';
import { bundleGraphPlugin } from './src/site/bundle-graph.ts';

/** The site's address and base path come from the one configuration module (see README). */
function siteSettings() {
  try {
    return readSiteConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration invalide : ${error.message}`);
    process.exit(2);
  }
}
const { siteUrl, basePath } = siteSettings();

// The site is fully static: every page and data file is produced at build time from data/.
export default defineConfig({
  output: 'static',
  site: siteUrl.origin,
  base: basePath,
  trailingSlash: 'always',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
  vite: { plugins: [bundleGraphPlugin()] },
});
