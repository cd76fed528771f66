/**
 * Benchmarks the in-browser file checker (`/contribuer/verifier/`) in Chromium on a 10,000-row
 * file (the real fixture scaled, see bench/scaled-fixture.ts): time from choosing the file to the
 * report, and the JavaScript heap of the page and of its Web Worker together, sampled through
 * the devtools protocol while the check runs. Serves the built `dist/` (run `npm run build` first).
 *
 *   npm run bench:checker            # 10,000 rows
 *   npm run bench:checker -- 20000   # another size
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CDPSession } from 'playwright-core';
import { formatTable, goalRow, megabytes, seconds } from './bench/measures.ts';
import { scaledFixtureCsv } from './bench/scaled-fixture.ts';
import { launchChromium } from './lib/chromium.ts';
import { startStaticServer } from './lib/static-server.ts';
import { REPO_ROOT } from '../src/io/files.ts';
import { sitePaths } from '../src/common/site-paths.ts';

const FIXTURE = process.env.BENCH_FIXTURE ?? path.resolve(REPO_ROOT, '../shared/fixtures/real/cnfs-2022-v1.csv');
const GOALS = { ms: 5_000, heapBytes: 300 * 1024 * 1024 };
const rows = Number(process.argv[2] ?? 10_000);

const dir = mkdtempSync(path.join(tmpdir(), 'bench-verificateur-'));
const file = path.join(dir, `2026-01-01_99000000000000_lieux-de-mediation-numerique_Banc-${rows}.csv`);
writeFileSync(file, scaledFixtureCsv(FIXTURE, rows, 400));

const server = await startStaticServer(path.join(REPO_ROOT, 'dist'));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(new URL(sitePaths('/').contributeCheck(), origin).href);
  const pageSession = await page.context().newCDPSession(page);
  const browserSession = await browser.newBrowserCDPSession();

  // The worker is its own V8 isolate: its heap is read through a session attached to its target.
  let workerSession: { id: string; pending: Map<number, (heap: number) => void>; next: number } | null = null;
  browserSession.on('Target.receivedMessageFromTarget', ({ sessionId, message }: { sessionId: string; message: string }) => {
    const reply = JSON.parse(message) as { id: number; result?: { usedSize: number } };
    if (workerSession?.id === sessionId) workerSession.pending.get(reply.id)?.(reply.result?.usedSize ?? 0);
  });
  async function workerHeap(): Promise<number> {
    if (!workerSession) {
      const { targetInfos } = (await browserSession.send('Target.getTargets')) as { targetInfos: Array<{ targetId: string; type: string }> };
      const worker = targetInfos.find((target) => target.type === 'worker');
      if (!worker) return 0;
      const { sessionId } = (await browserSession.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false })) as { sessionId: string };
      workerSession = { id: sessionId, pending: new Map(), next: 1 };
    }
    const session = workerSession;
    const id = session.next++;
    return new Promise((resolve) => {
      session.pending.set(id, resolve);
      void browserSession
        .send('Target.sendMessageToTarget', { sessionId: session.id, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) })
        .catch(() => resolve(0));
      setTimeout(() => resolve(0), 1000);
    });
  }
  const pageHeap = async (session: CDPSession): Promise<number> => ((await session.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;

  let peak = 0;
  let peakWorker = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const [a, b] = await Promise.all([pageHeap(pageSession), workerHeap().catch(() => 0)]);
      peak = Math.max(peak, a + b);
      peakWorker = Math.max(peakWorker, b);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();

  // As a member would: the page has been open a moment (the worker has read the commune table) when she picks her file.
  await page.waitForLoadState('networkidle');
  const started = performance.now();
  await page.setInputFiles('#fichier', file);
  await page.getByRole('link', { name: /rapport.*JSON/ }).waitFor({ timeout: 120_000 });
  const elapsed = performance.now() - started;
  sampling = false;
  await sampler;
  const summary = await page.locator('[data-results] ul').first().innerText();
  if (peakWorker === 0) throw new Error("Le tas du worker n'a pas pu être lu : la mesure serait incomplète.");

  console.log(
    formatTable(`Vérificateur de fichier, ${rows.toLocaleString('fr-FR')} lignes (${summary.split('\n').join(' ; ')})`, [
      goalRow('Time from choosing the file to the report', elapsed, seconds, { max: GOALS.ms }),
      goalRow('Peak JS heap, page + worker', peak, megabytes, { max: GOALS.heapBytes }),
      goalRow('  of which the worker (at its own peak)', peakWorker, megabytes),
    ]),
  );
} finally {
  await browser.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
