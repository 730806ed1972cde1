/** A UK postcode: outward code (area + district) and inward code (sector digit + unit letters). */
const ukPostcode = /^([A-Z]{1,2})([0-9][0-9A-Z]?)([0-9])([A-Z]{2})$/;

export interface StandardPostcode {
  /** Upper case without spaces; the whole code as given when it is not UK-shaped. */
  full: string;
  /** `SW1A 1` — outward code and sector digit; null when not UK-shaped. */
  sector: string | null;
  /** `SW1A` — the outward code; null when not UK-shaped. */
  district: string | null;
  /** `SW` — the postcode area; null when not UK-shaped. */
  area: string | null;
}

export function standardisePostcode(raw: string | null | undefined): StandardPostcode | null {
  if (raw === null || raw === undefined) return null;
  const full = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (full === '') return null;
  const parts = ukPostcode.exec(full);
  if (!parts) return { full, sector: null, district: null, area: null };
  const district = `${parts[1]}${parts[2]}`;
  return { full, sector: `${district} ${parts[3]}`, district, area: parts[1]! };
}
