// Stack config against an emulator: the provider's settings (key as a secret, base URL, others as
// given), and what each example needs against the built-in seed. The demo and the tests run the
// examples in temporary stacks of their own with this config; they never read the examples' stack
// files (Pulumi.<stack>.yaml), which are there for people to edit.

export type StackConfig = Record<string, { value: string; secret?: boolean }>;

/** The routes of `examples/basic` (what its Pulumi.dev.yaml declares for the seed). */
export const BASIC_ROUTES = [
  { name: "support", number: "+44 7700 900100", routing: "webhook", webhook: "CRM intake" },
  {
    name: "sales",
    number: "+44 7700 900200",
    routing: "agent",
    agent: "Support Bot",
    applyToExisting: true,
  },
  { name: "paused", number: "+44 7700 900300", routing: "none", onDelete: "retain" },
];

/** The provider's config for the emulator at `url`: its key (secret), its URL, and `settings` (`wassist:` keys without the prefix). */
export function emulatorConfig(
  emulator: { url: string; apiKey: string },
  settings: Record<string, string> = {},
): StackConfig {
  return {
    "wassist:apiKey": { value: emulator.apiKey, secret: true },
    "wassist:baseUrl": { value: emulator.url },
    ...Object.fromEntries(Object.entries(settings).map(([key, value]) => [`wassist:${key}`, { value }])),
  };
}

/** Config for `examples/<name>` on the emulator at `url`: the provider's, and the example's own settings. */
export function exampleConfig(
  name: "basic" | "bootstrap" | "gitops",
  emulator: { url: string; apiKey: string },
  options: { manifest?: string } = {},
): StackConfig {
  const config = emulatorConfig(emulator);
  if (name === "basic") config["wassist-basic:routes"] = { value: JSON.stringify(BASIC_ROUTES) };
  if (name === "bootstrap")
    config["wassist-bootstrap:manifest"] = { value: options.manifest ?? "numbers.yaml" };
  return config;
}
