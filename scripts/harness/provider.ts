// A PhoneNumberRoutingProvider pointed at the test emulator, closed after each test. Its
// settings: no pacing, 2 retries, and no target-health lists (so that each test's requests are
// its own behaviour's; test/reads/targetHealth.test.ts turns them on).
import { afterEach } from "vitest";
import type { RunningEmulator } from "../../emulator/index";
import { PhoneNumberRoutingProvider } from "../../provider/dynamic/provider";
import type { ProviderSettings } from "../../provider/settings";

const open: PhoneNumberRoutingProvider[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
});

export function providerFor(
  emu: RunningEmulator,
  settings: Partial<ProviderSettings> = {},
): PhoneNumberRoutingProvider {
  const provider = new PhoneNumberRoutingProvider({
    settings: {
      apiKey: emu.apiKey,
      baseUrl: emu.url,
      rateLimit: false,
      maxRetries: 2,
      checkTargets: false,
      ...settings,
    },
  });
  open.push(provider);
  return provider;
}

/** The API requests the emulator saw, as "METHOD path body". */
export function seen(emu: RunningEmulator): string[] {
  return emu.emulator
    .requests()
    .log.map((r) => `${r.method} ${r.path}${r.body === undefined ? "" : ` ${JSON.stringify(r.body)}`}`);
}
