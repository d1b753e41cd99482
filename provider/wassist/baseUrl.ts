// Where the client may send the key: an origin only (the client adds `/api/v1/…`), https
// anywhere, plain http only to loopback (a local emulator), and never with credentials in it.
// Messages never quote credentials.

export const DEFAULT_BASE_URL = "https://backend.wassist.app";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** A URL as it may be quoted in a message: without user name or password. */
export function withoutCredentials(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1");
}

export function parseBaseUrl(raw: string): URL {
  let url: URL;
  const shown = withoutCredentials(raw);
  try {
    url = new URL(raw);
  } catch {
    // Not parsed, so where credentials would be is not known: such a value is not quoted at all.
    const quoted = raw.includes("@") ? "" : ` "${raw}"`;
    throw new Error(
      `wassist:baseUrl${quoted} is not a valid URL; write an origin such as ${DEFAULT_BASE_URL}`,
    );
  }
  if (url.username || url.password) {
    throw new Error(
      `wassist:baseUrl must not carry a user name or password (${withoutCredentials(url.href)}); the API key is set with wassist:apiKey`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`wassist:baseUrl "${shown}" must use https://`);
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    throw new Error(
      `wassist:baseUrl "${shown}" has a path; give only the origin, "${url.origin}": the provider adds /api/v1/… itself`,
    );
  }
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new Error(
      `wassist:baseUrl "${url.origin}" uses plain http:// to a host that is not loopback; the API key would travel unencrypted. Use https://, or http://127.0.0.1 / localhost for a local emulator`,
    );
  }
  return url;
}
