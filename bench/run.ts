/**
 * `npm run bench [-- [--quick] [name…]]`: runs every bench module in this folder
 * (`*.bench.ts`, each exporting a `benchmark`), or only the named ones. Adding a benchmark is
 * adding its file: nothing here needs to change.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark } from './support/benchmark';

const BENCH_DIRECTORY = fileURLToPath(new URL('.', import.meta.url));
const SUFFIX = '.bench.ts';

function isBenchmark(value: unknown): value is Benchmark {
  const candidate = value as Partial<Benchmark> | undefined;
  return typeof candidate?.name === 'string' && typeof candidate.run === 'function';
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const wanted = args.filter((arg) => !arg.startsWith('--'));
  const files = readdirSync(BENCH_DIRECTORY)
    .filter((file) => file.endsWith(SUFFIX))
    .filter((file) => wanted.length === 0 || wanted.includes(file.slice(0, -SUFFIX.length)))
    .sort();
  if (files.length === 0) {
    throw new Error(`no bench module matches ${wanted.join(', ') || '*'}${SUFFIX}`);
  }
  for (const file of files) {
    const module = (await import(pathToFileURL(BENCH_DIRECTORY + file).href)) as {
      benchmark?: unknown;
    };
    if (!isBenchmark(module.benchmark)) {
      throw new Error(`${file} does not export a benchmark`);
    }
    const started = performance.now();
    console.log(`\n== ${module.benchmark.name}: ${module.benchmark.description}`);
    await module.benchmark.run({ quick });
    console.log(
      `== ${module.benchmark.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
