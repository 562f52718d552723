/**
 * Module resolution hooks for the benchmarks. rxdb/plugins/test-utils imports two packages
 * that are RxDB's own development dependencies and so are not installed with rxdb:
 * 'async-test-util' and 'clone'. They resolve here to the small stand-ins beside this file.
 * Registered by bench/run.ts before any bench module is loaded.
 */
const STAND_INS = {
  'async-test-util': './async-test-util.mjs',
  clone: './clone.mjs',
};

export async function resolve(specifier, context, nextResolve) {
  const standIn = STAND_INS[specifier];
  if (standIn) {
    return { url: new URL(standIn, import.meta.url).href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
