// @ts-check
import { defineConfig } from 'astro/config';

// The site is fully static: every page and data file is produced at build time from data/.
export default defineConfig({
  output: 'static',
  // Absolute URL of the deployed site, used for the sitemap and share links.
  site: process.env.SITE_URL ?? 'https://lieux-mediation-numerique.example.org',
  trailingSlash: 'always',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});
