/**
 * Entry of `npm run bench` (node --expose-gc --import tsx test/bench/run.ts [name-prefix ...]).
 * Runs every `*.bench.ts` in this folder (or those whose name starts with one of the given
 * prefixes), one after the other, prints a table per benchmark and writes
 * bench-results/<name>.json at the repository root. Exits 1 if a benchmark threw; a missed
 * target is printed as MISS but is not an error (figures from a shared machine are noisy).
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatTable, runBench, type Bench } from './harness';

const BENCH_SUFFIX = '.bench.ts';
const benchDir = fileURLToPath(new URL('.', import.meta.url));
const resultsDir = fileURLToPath(new URL('../../bench-results/', import.meta.url));

async function main(prefixes: string[]): Promise<number> {
  const files = (await readdir(benchDir)).filter((file) => file.endsWith(BENCH_SUFFIX)).sort();
  const benches: Bench[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(benchDir, file)).href)) as { default?: Bench };
    if (!module.default) throw new Error(`${file} has no default export (use defineBench)`);
    benches.push(module.default);
  }
  const chosen = benches.filter((b) => prefixes.length === 0 || prefixes.some((p) => b.name.startsWith(p)));
  if (chosen.length === 0) {
    process.stderr.write(`no benchmark matches ${prefixes.join(', ')}; have: ${benches.map((b) => b.name).join(', ')}\n`);
    return 1;
  }
  await mkdir(resultsDir, { recursive: true });
  let failed = 0;
  for (const bench of chosen) {
    const result = await runBench(bench);
    process.stdout.write(`\n${formatTable(result)}\n`);
    const file = join(resultsDir, `${bench.name}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`→ ${file}\n`);
    if (result.error) failed += 1;
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2).filter((arg) => !arg.startsWith('-')));
