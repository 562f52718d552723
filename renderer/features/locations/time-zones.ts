/** The IANA time zones this platform knows, for the time zone picker. */

let cached: readonly string[] | undefined;

export function timeZones(): readonly string[] {
  if (cached) return cached;
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  // UTC is a valid zone that some platforms leave out of the list.
  cached = zones.includes('UTC') ? zones : [...zones, 'UTC'];
  return cached;
}

/** The time zone this device is set to, when Intl knows it. */
export function deviceTimeZone(): string | undefined {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
