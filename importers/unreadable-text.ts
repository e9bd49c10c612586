// Text that decoding let through but no one can use: NUL bytes (which a PostgreSQL text cannot
// even hold) and U+FFFD, what the decoder puts where bytes were not valid in the file's encoding.

/** The problem of a cell's text, or null when it is readable. */
export function unreadableText(text: string): 'NUL_BYTE' | 'INVALID_ENCODING' | null {
  if (text.includes('\u0000')) return 'NUL_BYTE';
  // A file may hold U+FFFD itself, but no catalogue, register or 1C export writes it on purpose.
  if (text.includes('\uFFFD')) return 'INVALID_ENCODING';
  return null;
}

/** The text with each NUL shown as ␀, so that it can be stored and read back in a reject. */
export function visibleText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\u2400') : text;
}
