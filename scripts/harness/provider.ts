// The lifecycle (lifecycleFor) or the dynamic shell's provider (providerFor) pointed at the test
// emulator, closed after each test. Their settings: no pacing, 2 retries, and no target-health
// lists (so that each test's requests are its own behaviour's; test/reads/targetHealth.test.ts
// turns them on).
import { afterEach } from "vitest";
import type { RunningEmulator } from "../../emulator/index";
import { PhoneNumberRoutingProvider } from "../../provider/dynamic/provider";
import { RoutingLifecycle } from "../../provider/lifecycle";
import type { ProviderSettings } from "../../provider/settings";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
});

/** An instance of `kind` over the emulator's key and address, closed after the test. */
function opened<T extends { close(): Promise<void> }>(
  kind: new (options: { settings: Partial<ProviderSettings> }) => T,
  emu: RunningEmulator,
  settings: Partial<ProviderSettings>,
): T {
  const instance = new kind({
    settings: {
      apiKey: emu.apiKey,
      baseUrl: emu.url,
      rateLimit: false,
      maxRetries: 2,
      checkTargets: false,
      ...settings,
    },
  });
  open.push(instance);
  return instance;
}

/** The core both shells adapt (provider/lifecycle/), as the plugin calls it. */
export function lifecycleFor(
  emu: RunningEmulator,
  settings: Partial<ProviderSettings> = {},
): RoutingLifecycle {
  return opened(RoutingLifecycle, emu, settings);
}

/** The dynamic shell's provider (provider/dynamic/provider.ts), as Pulumi's dynamic host calls it. */
export function providerFor(
  emu: RunningEmulator,
  settings: Partial<ProviderSettings> = {},
): PhoneNumberRoutingProvider {
  return opened(PhoneNumberRoutingProvider, emu, settings);
}

/** The API requests the emulator saw, as "METHOD path body". */
export function seen(emu: RunningEmulator): string[] {
  return emu.emulator
    .requests()
    .log.map((r) => `${r.method} ${r.path}${r.body === undefined ? "" : ` ${JSON.stringify(r.body)}`}`);
}
