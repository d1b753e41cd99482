// Provider settings, one typed table: each row is a setting's config key, environment variable,
// parser, default and meaning; the value, the error for a bad one and the docs' table all come
// from its row. Stack config (`wassist:*`, `pulumi config set`) comes first, then the environment
// (`WASSIST_*`), then the default. The API key should be secret config
// (`pulumi config set --secret wassist:apiKey …`) or an environment variable.
import { z } from "zod";
import { closestFirst } from "./closest";
import { ActionableError } from "./messages";
import { DEFAULT_BASE_URL, parseBaseUrl } from "./wassist/baseUrl";
import { WassistClient } from "./wassist/client";

export const READ_STRATEGIES = ["list", "per-number"] as const;
export type ReadStrategy = (typeof READ_STRATEGIES)[number];

interface Setting<T> {
  key: `wassist:${string}`;
  env: `WASSIST_${string}`;
  default: T;
  /** The default as the docs' table shows it, when it is not simply the value. */
  shown?: string;
  /** The value of a non-empty text; throws a message that begins with `name`, the key or variable it came from. */
  parse(text: string, name: string): T;
  about: string;
  /** The value's type in the plugin's schema (its config is typed). */
  type: "string" | "integer" | "boolean";
  /** Stored as a secret (the plugin's schema says so, and its provider state keeps it encrypted). */
  secret?: true;
}

/** A zod schema as a row's parser: its first issue becomes "<name> <issue>, got "<text>"". */
function parser<T>(schema: z.ZodType<T, string>): (text: string, name: string) => T {
  return (text, name) => {
    const parsed = schema.safeParse(text);
    if (parsed.success) return parsed.data;
    throw new Error(`${name} ${parsed.error.issues[0]?.message}, got "${text}"`);
  };
}

const wholeNumber = (min: number) =>
  parser(
    z
      .string()
      .trim()
      .regex(/^-?\d+$/, { error: `must be a whole number of at least ${min}` })
      .transform(Number)
      .pipe(z.number().min(min, { error: `must be a whole number of at least ${min}` })),
  );

/** Each setting's type; its row below gives the rest. */
interface SettingTypes {
  apiKey: string | undefined;
  baseUrl: string;
  rateLimit: number | false;
  readStrategy: ReadStrategy;
  listCacheSeconds: number;
  maxRetries: number;
  checkTargets: boolean;
}

export type SettingName = keyof SettingTypes;

export const SETTINGS: { readonly [K in SettingName]: Setting<SettingTypes[K]> } = {
  apiKey: {
    type: "string",
    secret: true,
    key: "wassist:apiKey",
    env: "WASSIST_API_KEY",
    default: undefined,
    shown: "(none: required)",
    parse: (text, name) => {
      // An API key never starts like JSON: a map or a list in the config arrives as its JSON text.
      const where = name.startsWith("wassist:") ? `the stack config ${name}` : name;
      if (/^[[{]/.test(text.trim()))
        throw new Error(`the API key in ${where} is a map or a list; set it as text (a secret)`);
      checkKeyText(text, where);
      return text;
    },
    about: "the organization's API key; set it as a secret",
  },
  baseUrl: {
    type: "string",
    key: "wassist:baseUrl",
    env: "WASSIST_BASE_URL",
    default: DEFAULT_BASE_URL,
    parse: (text) => {
      parseBaseUrl(text);
      return text;
    },
    about: "API origin; http:// only for loopback (the emulator)",
  },
  rateLimit: {
    type: "integer",
    key: "wassist:rateLimit",
    env: "WASSIST_RATE_LIMIT",
    default: 100,
    parse: (text, name) => wholeNumber(0)(text, name) || false,
    about: "requests per minute per key the provider paces itself to; 0 = off",
  },
  readStrategy: {
    type: "string",
    key: "wassist:readStrategy",
    env: "WASSIST_READ_STRATEGY",
    default: "list",
    parse: parser(z.enum(READ_STRATEGIES, { error: 'must be "list" or "per-number"' })),
    about: '"list" (one list request per preview) or "per-number"',
  },
  listCacheSeconds: {
    type: "integer",
    key: "wassist:listCacheSeconds",
    env: "WASSIST_LIST_CACHE_SECONDS",
    default: 30,
    parse: wholeNumber(0),
    about: "how long one list answer serves diffs and reads",
  },
  maxRetries: {
    type: "integer",
    key: "wassist:maxRetries",
    env: "WASSIST_MAX_RETRIES",
    default: 5,
    parse: wholeNumber(0),
    about: "retries of a failed request (429, 5xx, network)",
  },
  checkTargets: {
    type: "boolean",
    key: "wassist:checkTargets",
    env: "WASSIST_CHECK_TARGETS",
    default: true,
    parse: parser(
      z.enum(["true", "false"], { error: "must be true or false" }).transform((t) => t === "true"),
    ),
    about:
      "diff also reports a declared agent or webhook that is gone or disabled (one agents and one webhooks list per run); false = off",
  },
};

export type ProviderSettings = SettingTypes & {
  /** Where the key came from, for messages (never the key itself). */
  apiKeySource?: "stack config" | "environment" | "provider";
  /** The explicit provider resource whose inputs the settings are, when not the stack's config. */
  provider?: string;
};

type Getter = (key: string) => string | undefined;

/** The value of one setting, by name: stack config, else environment, else default. */
export function readSetting<K extends SettingName>(
  name: K,
  config: Getter,
  env: NodeJS.ProcessEnv = process.env,
  provider?: string,
): ProviderSettings[K] {
  const setting: Setting<SettingTypes[K]> = SETTINGS[name];
  const fromConfig = config(setting.key);
  if (fromConfig !== undefined && fromConfig.trim() !== "")
    return setting.parse(fromConfig, provider ? `the ${name} input of provider "${provider}"` : setting.key);
  const fromEnv = env[setting.env];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return setting.parse(fromEnv, setting.env);
  return setting.default;
}

/**
 * Each setting `config` holds that cannot be parsed, with the parser's reason (what readSettings
 * would throw for it first): the plugin's CheckConfig names every bad one at once.
 */
export function settingProblems(config: Getter, provider?: string): { name: SettingName; reason: string }[] {
  const problems: { name: SettingName; reason: string }[] = [];
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    try {
      readSetting(name, config, {}, provider);
    } catch (err) {
      problems.push({ name, reason: (err as Error).message });
    }
  }
  return problems;
}

/**
 * Every setting. `provider` names the explicit provider resource whose inputs `config` reads (the
 * plugin), so that messages say where a value came from.
 */
export function readSettings(
  config: Getter,
  env: NodeJS.ProcessEnv = process.env,
  provider?: string,
): ProviderSettings {
  const get = <K extends SettingName>(name: K) => readSetting(name, config, env, provider);
  const apiKey = get("apiKey");
  const keyInConfig = (config(SETTINGS.apiKey.key) ?? "").trim() !== "";
  return {
    apiKey,
    apiKeySource:
      apiKey === undefined
        ? undefined
        : !keyInConfig
          ? "environment"
          : provider
            ? "provider"
            : "stack config",
    ...(provider ? { provider } : {}),
    baseUrl: get("baseUrl"),
    rateLimit: get("rateLimit"),
    readStrategy: get("readStrategy"),
    listCacheSeconds: get("listCacheSeconds"),
    maxRetries: get("maxRetries"),
    checkTargets: get("checkTargets"),
  };
}

/** The configuration table of docs/installation-configuration.md, from the rows. */
export function settingsTable(): string {
  const rows = Object.values(SETTINGS).map(
    (s: Setting<unknown>) => `| \`${s.key}\` | \`${s.env}\` | ${s.shown ?? String(s.default)} | ${s.about} |`,
  );
  return ["| config key | environment | default | meaning |", "| --- | --- | --- | --- |", ...rows].join(
    "\n",
  );
}

/**
 * A key is sent as an HTTP header: whitespace or a character outside printable ASCII cannot be
 * (undici would say "invalid x-api-key header"). Says where, never what the key is.
 */
function checkKeyText(key: string, where: string): void {
  const chars = [...key];
  const at = chars.findIndex((ch) => !/^[\x21-\x7e]$/.test(ch));
  if (at < 0) return;
  const ch = chars[at] ?? "";
  const what = /\s/.test(ch)
    ? at === chars.length - 1
      ? "ends with whitespace (a trailing newline?)"
      : at === 0
        ? "starts with whitespace"
        : "holds whitespace"
    : `holds a character that is not printable ASCII (U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")})`;
  throw new Error(`the API key in ${where} ${what} at character ${at + 1}; set it again without it`);
}

/** How to set the key, for a message about the key that came from `source`. */
export function keyAdvice(source: ProviderSettings["apiKeySource"], provider?: string): string {
  if (source === "provider")
    return `the key came from the apiKey input of provider "${provider}": give that provider its organization's key (as a secret)`;
  return source === "environment"
    ? "the key came from the WASSIST_API_KEY environment variable: export the organization's key there, or set it with `pulumi config set --secret wassist:apiKey <key>` (stack config comes first)"
    : "the key came from the stack config wassist:apiKey: set the organization's key with `pulumi config set --secret wassist:apiKey <key>`";
}

export const MISSING_KEY =
  "no Wassist API key: set it with `pulumi config set --secret wassist:apiKey <key>` or the WASSIST_API_KEY environment variable";

/** Keys the engine itself puts in a provider's config (not settings of ours). */
const ENGINE_KEYS = new Set(["version", "pluginDownloadURL"]);

/**
 * The keys (setting names, without `wassist:`) that are no setting, each with the known setting
 * closest to it, for "did you mean".
 */
export function unknownSettings(keys: string[]): [string, SettingName][] {
  const names = Object.keys(SETTINGS) as SettingName[];
  return keys
    .filter((key) => !(key in SETTINGS) && !ENGINE_KEYS.has(key))
    .map((key) => [key, closestFirst(key, names)[0] as SettingName]);
}

/**
 * The API client of a configuration: its key, origin, pacing and retries. The one place a client
 * is built from settings, and where a configuration without a key is refused (MISSING_KEY).
 */
export function clientOf(settings: ProviderSettings): WassistClient {
  if (!settings.apiKey) throw new ActionableError(MISSING_KEY);
  return new WassistClient({
    apiKey: settings.apiKey,
    baseUrl: settings.baseUrl,
    rateLimit: settings.rateLimit,
    retry: { maxRetries: settings.maxRetries },
  });
}
