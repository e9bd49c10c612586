// Holder contacts in the form they are compared in, as SQL expressions over a holders row. The
// same expressions index the holders table (migrations/003-fact-indexes.sql), and PostgreSQL only
// uses an expression index for the identical expression: change both together.
import { sql, type RawBuilder } from 'kysely';

/** A contact field and its normalised key, written for a holders row aliased `alias`. */
export type ContactKind = 'address' | 'phone' | 'email' | 'director';

export const contactKinds: readonly ContactKind[] = ['address', 'phone', 'email', 'director'];

// Address: lower case, ё as е, punctuation and runs of spaces as one space ("ул. Абая, 5" = "ул Абая 5").
// Phone: digits only, the last ten of them, so "+7 727 …" and "8 (727) …" meet.
// E-mail: lower case, trimmed. Director: lower case, ё as е, dots and spaces as one space.
const keyExpressions: Record<ContactKind, (column: string) => string> = {
  address: (c) => `nullif(btrim(regexp_replace(replace(lower(${c}), 'ё', 'е'), '[[:punct:][:space:]]+', ' ', 'g')), '')`,
  phone: (c) => `nullif(right(regexp_replace(${c}, '\\D', '', 'g'), 10), '')`,
  email: (c) => `nullif(lower(btrim(${c})), '')`,
  director: (c) => `nullif(btrim(regexp_replace(replace(lower(${c}), 'ё', 'е'), '[[:space:].]+', ' ', 'g')), '')`,
};

/** Keys shorter than this (a stray "0" in a phone cell) never link two holders. */
export const minContactKeyLength = 6;

/** The normalised key of one contact field of the holders row `alias`. */
export function contactKey(kind: ContactKind, alias: string): RawBuilder<string | null> {
  return sql<string | null>`${sql.raw(keyExpressions[kind](`${alias}.${kind}`))}`;
}
