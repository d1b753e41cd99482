// The API key never leaves the client in any text: every string built from an answer (message,
// code, request id, field errors) is scrubbed of the key in each form a server could echo it,
// and of any piece of it long enough to matter, before it is cut to length.

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
  // Whole forms first, then the pieces of them, longest first.
  for (const form of forms) out = out.split(form).join(REDACTED);
  for (const form of forms) {
    for (let n = form.length - 1; n >= MIN_SECRET_FRAGMENT; n--) {
      out = out
        .split(form.slice(0, n))
        .join(REDACTED)
        .split(form.slice(form.length - n))
        .join(REDACTED);
    }
  }
  return out;
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
