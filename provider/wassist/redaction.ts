// The API key never leaves the client in any text: every string built from an answer (message,
// code, request id, field errors) is scrubbed of the key in each form a server could echo it,
// in any letter case, and of any piece of it long enough to matter, before it is cut to length.

const REDACTED = "[redacted]";
/** The shortest piece of a secret that is still scrubbed when a text holds only part of it. */
export const MIN_SECRET_FRAGMENT = 8;

/** The forms in which a server could echo `secret`: as sent, JSON-, HTML- and URL-escaped, base64. */
export function echoForms(secret: string): string[] {
  const html = (named: boolean) =>
    secret
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, named ? "&quot;" : "&#34;")
      .replace(/'/g, named ? "&#39;" : "&#x27;");
  const url = encodeURIComponent(secret);
  const forms = new Set([
    secret,
    JSON.stringify(secret).slice(1, -1),
    html(true),
    html(false),
    url,
    url.replace(/%20/g, "+"),
    encodeURI(secret),
    Buffer.from(secret).toString("base64").replace(/=+$/, ""),
  ]);
  return [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * `text` without `secret` in any of its echo forms, nor any piece of one of them of at least
 * MIN_SECRET_FRAGMENT characters that starts or ends it (what a cut leaves). Callers truncate
 * only after this.
 */
export function redact(text: string, secret: string | undefined): string {
  if (!secret) return text;
  const forms = echoForms(secret);
  let out = text;
  // Whole forms first, then the pieces of them, longest first; in any letter case (a server may
  // echo the key upper-cased, or with its percent-escapes in the other case).
  // The pieces of all forms, longest first across forms: a short piece of one form must not cut
  // a longer piece of another that the text holds.
  const pieces = new Set<string>();
  for (const form of forms) {
    for (let n = form.length - 1; n >= MIN_SECRET_FRAGMENT; n--) {
      pieces.add(form.slice(0, n));
      pieces.add(form.slice(form.length - n));
    }
  }
  for (const piece of [...forms, ...[...pieces].sort((a, b) => b.length - a.length)])
    out = replaceIgnoringCase(out, piece);
  return out;
}

/** `text` with every occurrence of `piece`, in any letter case, replaced by the redaction mark. */
function replaceIgnoringCase(text: string, piece: string): string {
  const lower = text.toLowerCase();
  const needle = piece.toLowerCase();
  // Lower-casing keeps lengths for the ASCII a key and its escapes are made of; where it would
  // not (other scripts), fall back to an exact match.
  if (lower.length !== text.length || needle.length !== piece.length) return text.split(piece).join(REDACTED);
  let out = "";
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    out += text.slice(from, at) + REDACTED;
    from = at + needle.length;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** True when `text` holds `secret` whole, in one of its echo forms, in any letter case. */
export function holdsSecret(text: string, secret: string | undefined): boolean {
  if (!secret) return false;
  const lower = text.toLowerCase();
  return echoForms(secret).some((form) => lower.includes(form.toLowerCase()));
}

/** `text` cut to `max` characters, marked with "…" when cut (scrub first). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
