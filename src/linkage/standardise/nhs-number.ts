/** An NHS number as 10 digits when it passes the modulus 11 check, otherwise null (ignored). */
export function standardiseNhsNumber(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const digits = raw.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return null;
  let sum = 0;
  for (let index = 0; index < 9; index++) sum += Number(digits[index]) * (10 - index);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  if ((check === 11 ? 0 : check) !== Number(digits[9])) return null;
  // All-same digits pass the check but are placeholders, not numbers.
  if (/^(\d)\1{9}$/.test(digits)) return null;
  return digits;
}
