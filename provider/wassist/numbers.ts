// The one spelling of a WhatsApp number the project compares, stores and puts in paths: E.164
// digits without "+". Users write numbers with "+", spaces or dashes, and an answer may too.

/** "+44 7700 900100", "44-7700-900100" and "447700900100" all become "447700900100". */
export function normalizeNumber(raw: string): string {
  return raw.replace(/[\s\-().]/g, "").replace(/^\+/, "");
}
