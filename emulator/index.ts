// startEmulator(): the local Wassist API as an importable server, for tests, the demo and the
// CLI (cli.ts). Listens on 127.0.0.1; port 0 picks a free port.
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createApp } from "./app";
import { Emulator, type EmulatorSettings } from "./emulator";
import { DEMO_API_KEY, defaultSeed, type Seed } from "./seed";

export { Emulator, type EmulatorSettings, type LoggedRequest } from "./emulator";
export { DEMO_API_KEY, defaultSeed, OTHER_ORG_API_KEY, SEED_IDS, type Seed, STAGING_API_KEY } from "./seed";

export interface EmulatorOptions extends Partial<EmulatorSettings> {
  /** Default 8050; 0 = any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Keys accepted; each belongs to the seed's first organization unless the seed lists it. Default: the seed's keys. */
  apiKeys?: string[];
  /** A seed object or the path of a JSON seed file. Default: the built-in seed. */
  seed?: Seed | string;
  /** Persist the state to this file (atomic writes) and load it on start when it exists. */
  statePath?: string;
}

export interface RunningEmulator {
  /** Base URL, e.g. http://127.0.0.1:8050 */
  url: string;
  port: number;
  /** The first accepted key. */
  apiKey: string;
  emulator: Emulator;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 8050, host = "127.0.0.1", apiKeys, seed, statePath, ...settings } = options;
  const seedData: Seed =
    typeof seed === "string" ? JSON.parse(readFileSync(seed, "utf8")) : (seed ?? defaultSeed);
  const emulator = new Emulator({ seed: seedData, apiKeys, statePath, settings });
  const app = createApp(emulator);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    apiKey: emulator.keys.keys().next().value ?? DEMO_API_KEY,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets would hold close() open; the emulator is ours to end.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
