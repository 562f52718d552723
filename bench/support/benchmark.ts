/**
 * What a bench module exports, and what every one of them can use.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchOptions {
  /** `--quick`: fewer rounds, for a fast look rather than figures to publish. */
  quick: boolean;
}

/** A bench module (`bench/<name>.bench.ts`) exports one of these as `benchmark`. */
export interface Benchmark {
  /** Also the name of its results file: bench/results/<name>.md. */
  name: string;
  description: string;
  run(options: BenchOptions): Promise<void>;
}

export const RESULTS_DIRECTORY = fileURLToPath(new URL('../results/', import.meta.url));

export function writeResults(name: string, markdown: string): string {
  mkdirSync(RESULTS_DIRECTORY, { recursive: true });
  const path = join(RESULTS_DIRECTORY, `${name}.md`);
  writeFileSync(path, markdown);
  return path;
}

/** One line describing the machine, for every results file. */
export function machineDescription(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown CPU';
  const memory = Math.round(totalmem() / 2 ** 30);
  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
  return (
    `${cores.length} CPUs (${model}), ${memory} GiB memory, Node ${process.version}, ` +
    `${process.platform}/${process.arch}, load average at start ${load} (1 / 5 / 15 min)`
  );
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function formatMs(value: number): string {
  if (!Number.isFinite(value)) {
    return 'n/a';
  }
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}
