/** What the chat screen warns about before a prompt is sent (issue 26): text that looks like personal data. */
export type PersonalDataKind = 'email' | 'phone' | 'card';
export type PersonalDataFinding = { kind: PersonalDataKind; start: number; end: number };

export const PERSONAL_DATA_NAMES: Record<PersonalDataKind, string> = {
  email: 'an email address',
  phone: 'a phone number',
  card: 'a payment card number',
};

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// Digit runs with the separators people type in numbers: spaces, dashes, dots, parentheses, a leading +.
const NUMBER_RUN = /\+?\(?\d[\d\s().-]{5,30}\d/g;

/** The Luhn check digit test (ISO/IEC 7812) that every payment card number passes. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * Emails, card numbers (13–19 digits passing Luhn) and phone numbers (7–15 digits, the ITU E.164
 * bound, written as a number: with a leading + or separators, or 10+ digits) in `text`, in order.
 * A heuristic for a warning the labeler may override, never a filter: years, prices and short
 * counts are not flagged; a date like 2024-01-15 is not a phone number.
 */
export function detectPersonalData(text: string): PersonalDataFinding[] {
  const found: PersonalDataFinding[] = [];
  for (const m of text.matchAll(EMAIL)) found.push({ kind: 'email', start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(NUMBER_RUN)) {
    const start = m.index;
    const end = start + m[0].length;
    if (found.some((f) => f.start < end && start < f.end)) continue;
    const raw = m[0];
    const digits = raw.replace(/\D/g, '');
    if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(raw.trim())) continue;
    if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits)) {
      found.push({ kind: 'card', start, end });
      continue;
    }
    const formatted = raw.startsWith('+') || /[\s().-]/.test(raw);
    if (digits.length >= 7 && digits.length <= 15 && (formatted || digits.length >= 10)) found.push({ kind: 'phone', start, end });
  }
  return found.sort((a, b) => a.start - b.start);
}
