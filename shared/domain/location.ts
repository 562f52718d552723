/**
 * Plant locations: site → area → line. Each may carry a time zone and a business-hours
 * calendar; a location without one inherits it from its nearest ancestor.
 */

export const LOCATION_KINDS = ['site', 'area', 'line'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** 0 = Sunday … 6 = Saturday, as in Date#getDay. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface BusinessHoursWindow {
  day: Weekday;
  /** Minutes since local midnight, start inclusive, end exclusive; end may be 1440. */
  startMinute: number;
  endMinute: number;
}

export interface BusinessCalendar {
  /** An empty list means "around the clock". */
  weekly: BusinessHoursWindow[];
  /** Local dates (YYYY-MM-DD) with no business hours. */
  holidays: string[];
}

export interface Location {
  id: string;
  name: string;
  kind: LocationKind;
  /** Absent for sites. */
  parentId?: string;
  /** IANA time zone, e.g. "Europe/Berlin"; inherited when absent. */
  timeZone?: string;
  calendar?: BusinessCalendar;
  updatedAt: number;
}

export const CHILD_KIND: Record<LocationKind, LocationKind | undefined> = {
  site: 'area',
  area: 'line',
  line: undefined,
};
