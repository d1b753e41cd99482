// PhoneNumberRoutingProvider, the dynamic shell's provider: configuration, a bad setting failing every operation, errors pointing at the resource, close.
import { describe, expect, test, vi } from "vitest";
import { PhoneNumberRoutingProvider } from "../../provider/dynamic/provider";
import { WassistClient } from "../../provider/wassist/client";
import { control } from "../../scripts/harness/emulator";
import { providerFor, seen } from "../../scripts/harness/provider";
import { agents, created, createWhoseOutcomeIsUnknown, emu, N, state, webhooks } from "../lifecycle/fixtures";

describe("configuration", () => {
  test("a missing API key names both ways to set it", async () => {
    const provider = providerFor(emu.current, { apiKey: undefined });
    await expect(
      provider.diff(N, state(), { number: N, routing: "none", applyToExisting: false, onDelete: "restore" }),
    ).rejects.toThrow(
      "no Wassist API key: set it with `pulumi config set --secret wassist:apiKey <key>` or the WASSIST_API_KEY environment variable",
    );
  });

  test("a wrong key fails with 401 and never shows the key", async () => {
    const key = "wsk_wrong_but_secret_987654321";
    const err = await providerFor(emu.current, { apiKey: key })
      .diff(N, state(), { number: N, routing: "none", applyToExisting: false, onDelete: "restore" })
      .catch((e) => e);
    expect(err.message).toMatch(
      /^listing phone numbers: Invalid API key\. \(401 authentication_failed, request .+\); the key came from the stack config wassist:apiKey: set the organization's key with `pulumi config set --secret wassist:apiKey <key>`$/,
    );
    expect(`${err.message}${err.stack}`).not.toContain(key);
  });

  /** A provider configured as the engine configures it: from stack config, then the environment. */
  async function configured(config: Record<string, string>, env: Record<string, string> = {}) {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const provider = new PhoneNumberRoutingProvider({
      settings: { rateLimit: false, maxRetries: 0 },
    });
    try {
      await provider.configure({
        config: { get: (k: string) => config[k], require: (k: string) => config[k] },
      } as never);
    } finally {
      for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key];
    }
    return provider;
  }
  const diffNone = (p: PhoneNumberRoutingProvider) =>
    p
      .diff(N, state(), { number: N, routing: "none", applyToExisting: false, onDelete: "restore" })
      .catch((e: Error) => e)
      .finally(() => p.close());

  test("a missing key fails check, so preview of new resources fails too", async () => {
    const saved = process.env.WASSIST_API_KEY;
    delete process.env.WASSIST_API_KEY;
    try {
      const provider = await configured({ "wassist:baseUrl": emu.current.url });
      expect(await provider.check({}, { number: N, routing: "none" })).toEqual({
        failures: [
          {
            property: "",
            reason:
              "no Wassist API key: set it with `pulumi config set --secret wassist:apiKey <key>` or the WASSIST_API_KEY environment variable",
          },
        ],
      });
      await expect(provider.read(N, state())).rejects.toThrow(/^no Wassist API key/);
      expect(seen(emu.current)).toEqual([]);
    } finally {
      if (saved !== undefined) process.env.WASSIST_API_KEY = saved;
    }
  });

  test("a bad setting fails check with the setting named", async () => {
    const provider = await configured({
      "wassist:baseUrl": "https://backend.wassist.app/api/v1",
      "wassist:apiKey": "wsk_x_000",
    });
    expect(await provider.check({}, { number: N, routing: "none" })).toEqual({
      failures: [
        {
          property: "",
          reason:
            'wassist:baseUrl "https://backend.wassist.app/api/v1" has a path; give only the origin, "https://backend.wassist.app": the provider adds /api/v1/… itself',
        },
      ],
    });
  });

  test("an expected error reaches Pulumi's host as one message: the stderr line only points at it", async () => {
    const err = (await diffNone(
      await configured({ "wassist:baseUrl": emu.current.url, "wassist:apiKey": "wsk_refused_in_config_000" }),
    )) as Error;
    // What the dynamic-provider host prints to stderr before returning the error to the engine.
    expect(`${err}: ${err.stack}`).toBe(
      `pulumi-wassist: previewing ${N} failed; the error is shown under the resource`,
    );
  });

  test("a refused key from stack config says so and how to set it", async () => {
    const err = await diffNone(
      await configured({ "wassist:baseUrl": emu.current.url, "wassist:apiKey": "wsk_refused_in_config_000" }),
    );
    expect((err as Error).message).toMatch(
      /^listing phone numbers: Invalid API key\. \(401 authentication_failed, request [0-9a-f-]+\); the key came from the stack config wassist:apiKey: set the organization's key with `pulumi config set --secret wassist:apiKey <key>`$/,
    );
  });

  test("a refused key from the environment says so and how to set it", async () => {
    const err = await diffNone(
      await configured({ "wassist:baseUrl": emu.current.url }, { WASSIST_API_KEY: "wsk_refused_in_env_000" }),
    );
    expect((err as Error).message).toMatch(
      /\(401 authentication_failed, request [0-9a-f-]+\); the key came from the WASSIST_API_KEY environment variable: export the organization's key there, or set it with `pulumi config set --secret wassist:apiKey <key>` \(stack config comes first\)$/,
    );
    expect((err as Error).message).not.toContain("wsk_refused_in_env_000");
  });
});

describe("the provider object", () => {
  test("a bad setting from configure fails every operation with that setting, before any request", async () => {
    const provider = new PhoneNumberRoutingProvider({ settings: { rateLimit: false } });
    await provider.configure({
      config: { get: (k: string) => ({ "wassist:baseUrl": "ftp://x", "wassist:apiKey": "wsk_x_000" })[k] },
    } as never);
    await expect(provider.read(N, state())).rejects.toThrow(/^wassist:baseUrl "ftp:\/\/x"/);
    await expect(provider.delete(N, state())).rejects.toThrow(/^wassist:baseUrl "ftp:\/\/x"/);
  });

  test("each operation's error points at the resource with its verb", async () => {
    emu.current.emulator.removePhoneNumber(N);
    const provider = providerFor(emu.current);
    const stackOf = (p: Promise<unknown>) =>
      p.then(
        () => "no error",
        (e: Error) => e.stack,
      );
    const desired = {
      number: N,
      routing: "none" as const,
      applyToExisting: false,
      onDelete: "restore" as const,
    };
    expect(await stackOf(provider.create(desired))).toBe(
      `creating ${N} failed; the error is shown under the resource`,
    );
    expect(await stackOf(provider.update(N, state(), desired))).toBe(
      `updating ${N} failed; the error is shown under the resource`,
    );
    const refused = providerFor(emu.current, { apiKey: "wsk_refused_000" });
    expect(await stackOf(refused.read(N, state()))).toBe(
      `refreshing ${N} failed; the error is shown under the resource`,
    );
    expect(await stackOf(refused.delete(N, state()))).toBe(
      `deleting ${N} failed; the error is shown under the resource`,
    );
  });

  test("close closes the client's pool and lets the next call open a new one", async () => {
    const provider = providerFor(emu.current);
    await provider.read(N, state());
    const close = vi.spyOn(WassistClient.prototype, "close");
    await provider.close();
    expect(close).toHaveBeenCalledTimes(1);
    close.mockRestore();
    expect((await provider.read(N, state())).id).toBe(N);
  });
});

describe("what Pulumi's dynamic host is given", () => {
  test("a diff without the detailed diff, which the host cannot return", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${N}/routing`, {
      routing: "agent",
      agentId: agents.sales,
    });
    const provider = providerFor(emu.current);
    const news = { number: N, routing: "webhook" as const, webhookId: webhooks.crm, applyToExisting: false };
    const core = await provider.lifecycle.diff(state(), { ...news, onDelete: "restore" });
    expect(core.detailedDiff).toEqual({ routing: "update", webhookId: "add", agentId: "delete" });
    expect(await provider.diff(N, state(), { ...news, onDelete: "restore" })).toEqual({
      changes: true,
      replaces: [],
    });
  });

  test("a failed create kept in state keeps the text that loads its provider", async () => {
    const err = await createWhoseOutcomeIsUnknown(providerFor(emu.current, { maxRetries: 2 }), {
      __provider: "shim",
    });
    expect(err.id).toBe(N);
    expect(err.properties).toEqual({
      ...created({ routing: "agent", webhookId: undefined, agentId: agents.support }),
      __provider: "shim",
    });
  });
});
