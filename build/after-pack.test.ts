/**
 * The afterPack hook run on a stand-in for Electron's binary: a file holding the fuse
 * sentinel and a version 1 wire, as Electron's binaries do, between filler bytes. The real
 * binary cannot be downloaded on the machines that run the tests.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName: string };
}
type AfterPack = ((context: PackContext) => Promise<void>) & {
  FUSES: Readonly<Record<string, boolean>>;
  electronBinaryPath: (context: PackContext) => string;
};

const afterPack = createRequire(import.meta.url)('./after-pack.cjs') as AfterPack;

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ENABLE = 0x31;
const DISABLE = 0x30;
/** Electron 45's wire: nine fuses, in @electron/fuses' FuseV1Options order. */
const FUSE_ORDER = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
  'WasmTrapHandlers',
] as const;
/** An unpacked Electron's defaults. */
const SHIPPED: Record<(typeof FUSE_ORDER)[number], number> = {
  RunAsNode: ENABLE,
  EnableCookieEncryption: DISABLE,
  EnableNodeOptionsEnvironmentVariable: ENABLE,
  EnableNodeCliInspectArguments: ENABLE,
  EnableEmbeddedAsarIntegrityValidation: DISABLE,
  OnlyLoadAppFromAsar: DISABLE,
  LoadBrowserProcessSpecificV8Snapshot: DISABLE,
  GrantFileProtocolExtraPrivileges: ENABLE,
  WasmTrapHandlers: ENABLE,
};

function fakeBinary(wire: readonly number[]): Buffer {
  return Buffer.concat([
    Buffer.alloc(4096, 0x90),
    Buffer.from(SENTINEL, 'latin1'),
    Buffer.from([1, wire.length, ...wire]),
    Buffer.alloc(4096, 0x90),
  ]);
}

function wireOf(binary: Buffer): Record<string, number | undefined> {
  const at = binary.indexOf(SENTINEL, 0, 'latin1') + SENTINEL.length + 2;
  return Object.fromEntries(FUSE_ORDER.map((name, index) => [name, binary[at + index]]));
}

function linuxContext(appOutDir: string): PackContext {
  return {
    appOutDir,
    electronPlatformName: 'linux',
    arch: 1,
    packager: { appInfo: { productFilename: 'AutoEscalate' }, executableName: 'autoescalate' },
  };
}

describe('after-pack', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'after-pack-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('flips every listed fuse and leaves the others as shipped', async () => {
    const binary = join(dir, 'autoescalate');
    await writeFile(binary, fakeBinary(FUSE_ORDER.map((name) => SHIPPED[name])));

    await afterPack(linuxContext(dir));

    const wire = wireOf(await readFile(binary));
    for (const name of FUSE_ORDER) {
      const wanted = afterPack.FUSES[name];
      expect([name, wire[name]]).toEqual([
        name,
        wanted === undefined ? SHIPPED[name] : wanted ? ENABLE : DISABLE,
      ]);
    }
    // What the shipped app must never allow, whatever FUSES says.
    expect(wire.RunAsNode).toBe(DISABLE);
    expect(wire.EnableNodeCliInspectArguments).toBe(DISABLE);
    expect(wire.OnlyLoadAppFromAsar).toBe(ENABLE);
    // The window loads its page from file://, which needs this fuse on.
    expect(wire.GrantFileProtocolExtraPrivileges).toBe(ENABLE);
  });

  it('fails the build when the binary has no fuse wire', async () => {
    await writeFile(join(dir, 'autoescalate'), Buffer.alloc(8192, 0x90));
    await expect(afterPack(linuxContext(dir))).rejects.toThrow(/sentinel/);
  });

  it('finds the binary of each platform', () => {
    const context = linuxContext('/out');
    expect(afterPack.electronBinaryPath(context)).toBe(join('/out', 'autoescalate'));
    expect(afterPack.electronBinaryPath({ ...context, electronPlatformName: 'win32' })).toBe(
      join('/out', 'AutoEscalate.exe'),
    );
    expect(afterPack.electronBinaryPath({ ...context, electronPlatformName: 'darwin' })).toBe(
      join('/out', 'AutoEscalate.app'),
    );
    expect(() => afterPack.electronBinaryPath({ ...context, electronPlatformName: 'aix' })).toThrow(
      /aix/,
    );
  });
});
