// Shared test fixture: an emulator on 127.0.0.1, port 0, closed after use. By default each test
// gets its own (built inside the test, so that mutation testing sees which tests exercise the
// routes and the Emulator's construction); engine suites, whose stacks keep the URL across tests,
// keep one per file (`per: "file"`), reset before each test.
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../emulator/index";
import { WassistClient, type WassistClientOptions } from "../../provider/wassist/client";

export function useEmulator(options: EmulatorOptions & { per?: "test" | "file" } = {}): {
  current: RunningEmulator;
} {
  const { per = "test", ...emulatorOptions } = options;
  const ref = {} as { current: RunningEmulator };
  const start = async () => {
    ref.current = await startEmulator({ port: 0, ...emulatorOptions });
  };
  const close = async () => {
    await ref.current?.close();
  };
  if (per === "test") {
    beforeEach(start);
    afterEach(close);
  } else {
    beforeAll(start);
    beforeEach(() => {
      ref.current.emulator.reset();
    });
    afterAll(close);
  }
  return ref;
}

/** POST/PATCH/PUT/DELETE on the emulator's control routes. */
export async function control(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}/_emulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The routing of a number as `emulator.routingOf()` reports it. */
export const routed = {
  agent: (id: string) => ({ defaultRouting: "agent", defaultWebhook: null, activeAgent: id }),
  webhook: (id: string) => ({ defaultRouting: "webhook", defaultWebhook: id, activeAgent: null }),
  none: { defaultRouting: null, defaultWebhook: null, activeAgent: null },
};

/**
 * Clients of the test emulator (its key and URL, no client-side pacing, quick retries unless
 * `options` say otherwise), each closed after its test.
 */
export function useClients(
  emu: { current: RunningEmulator },
  defaults: Partial<WassistClientOptions> = {},
): (options?: Partial<WassistClientOptions>) => WassistClient {
  const open: WassistClient[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });
  return (options = {}) => {
    const client = new WassistClient({
      apiKey: emu.current.apiKey,
      baseUrl: emu.current.url,
      rateLimit: false,
      ...defaults,
      ...options,
    });
    open.push(client);
    return client;
  };
}
