/**
 * A Vite plugin that records the browser bundles' module graph at build time: for every output
 * chunk, the modules bundled into it, the chunks it imports (statically and dynamically) and its
 * gzipped size. Written to `.cache/bundle-graph.json` (never into `dist/`), it lets the tests check
 * what each page really ships, from the bundler's own graph rather than from import lines.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { REPO_ROOT } from '../io/files.ts';

export const BUNDLE_GRAPH_FILE = path.join(REPO_ROOT, '.cache/bundle-graph.json');

export interface BundleChunk {
  fileName: string;
  /** The module the chunk stands for (a page's or component's script), when it is an entry. */
  entry: string | null;
  /** Module ids bundled into the chunk, relative to the repository (`node_modules/...`, `src/...`). */
  modules: string[];
  imports: string[];
  dynamicImports: string[];
  gzipBytes: number;
}

const relative = (id: string): string => path.relative(REPO_ROOT, id.replace(/^\0/, '')).split(path.sep).join('/');

export function bundleGraphPlugin(): Plugin {
  return {
    name: 'lieux:bundle-graph',
    apply: 'build',
    generateBundle(_options, bundle) {
      // Astro builds the server side and the browser side separately: only the browser's counts.
      if (this.environment?.name !== 'client') return;
      const chunks: BundleChunk[] = [];
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        chunks.push({
          fileName: output.fileName,
          entry: output.isEntry && output.facadeModuleId ? relative(output.facadeModuleId) : null,
          modules: Object.keys(output.modules).map(relative),
          imports: output.imports,
          dynamicImports: output.dynamicImports,
          gzipBytes: gzipSync(output.code).length,
        });
      }
      mkdirSync(path.dirname(BUNDLE_GRAPH_FILE), { recursive: true });
      writeFileSync(BUNDLE_GRAPH_FILE, JSON.stringify(chunks, null, 1));
    },
  };
}
