/**
 * electron-builder's afterPack hook: flips Electron's fuses in the packed binary, before it
 * is signed, so the shipped app cannot be turned into a plain Node runtime or debugged
 * through the command line, encrypts its cookies, and loads only its own (verified) asar.
 *
 * GrantFileProtocolExtraPrivileges stays on: the window loads its page from file://.
 */
'use strict';

// A CommonJS hook, as electron-builder loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const path = require('node:path');

/** Fuse name → state. The names are those of @electron/fuses' FuseV1Options. */
const FUSES = Object.freeze({
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
});

/** electron-builder's Arch.arm64. */
const ARCH_ARM64 = 3;

/** The packed app's Electron binary (the .app bundle on macOS). */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return path.join(appOutDir, packager.executableName);
    default:
      throw new Error(`No fuses for platform '${electronPlatformName}'.`);
  }
}

async function afterPack(context) {
  const { flipFuses, getCurrentFuseWire, FuseV1Options, FuseVersion, FuseState } =
    await import('@electron/fuses');
  const binary = electronBinaryPath(context);
  const config = {
    version: FuseVersion.V1,
    // Flipping fuses breaks the ad-hoc signature Apple silicon requires; re-sign ad hoc.
    resetAdHocDarwinSignature:
      context.electronPlatformName === 'darwin' && context.arch === ARCH_ARM64,
  };
  for (const [name, enabled] of Object.entries(FUSES)) config[FuseV1Options[name]] = enabled;
  await flipFuses(binary, config);

  // Read the wire back: a fuse that did not take is a build failure, not a silent gap.
  const wire = await getCurrentFuseWire(binary);
  for (const [name, enabled] of Object.entries(FUSES)) {
    const expected = enabled ? FuseState.ENABLE : FuseState.DISABLE;
    if (wire[FuseV1Options[name]] !== expected) {
      throw new Error(`The fuse ${name} of ${binary} is not ${enabled ? 'on' : 'off'}.`);
    }
  }
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.electronBinaryPath = electronBinaryPath;
