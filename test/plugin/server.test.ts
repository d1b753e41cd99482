// The `wassist` provider plugin's gRPC service, in this process on 127.0.0.1 (port 0), called as the
// engine calls it, against the test emulator: the schema, the provider config, check, the detailed
// diff, create, import (read without a state), update, delete, errors that keep the resource, and
// messages sent to the engine's log under their resource. The engine's own use of it is in
// test/engine/lifecycle.e2e.test.ts (every case on both shells) and test/consumer/plugin.e2e.test.ts.
import * as grpc from "@grpc/grpc-js";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { afterEach, describe, expect, test, vi } from "vitest";
import { DEMO_API_KEY, OTHER_ORG_API_KEY, SEED_IDS, STAGING_API_KEY } from "../../emulator/index";
import { logToEngine, servePlugin } from "../../provider/plugin/server";
import { INPUT_KEYS } from "../../provider/resource/inputs";
import { OUTPUT_KEYS } from "../../provider/resource/outputs";
import { SETTINGS } from "../../provider/settings";
import { control, routed, useEmulator } from "../../scripts/harness/emulator";
import { lifecycleFor } from "../../scripts/harness/provider";

const emu = useEmulator();
const { numbers, webhooks, agents } = SEED_IDS;
const URN = (name: string) => `urn:pulumi:test::p::wassist:index:PhoneNumberRouting::${name}`;
const Kind = provproto.PropertyDiff.Kind;

type Client = provrpc.ResourceProviderClient;
const servers: grpc.Server[] = [];
const clients: grpc.Client[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) s.forceShutdown();
});

/** The plugin around a provider of the test emulator (options: its settings), and a client of it. */
async function plugin(settings: Parameters<typeof lifecycleFor>[1] = {}): Promise<Client> {
  const { server, port } = await servePlugin({
    version: "1.2.3",
    lifecycle: lifecycleFor(emu.current, settings),
  });
  servers.push(server);
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  clients.push(client);
  return client;
}

/** A unary call as a promise. */
function call<Req, Res>(client: Client, method: string, request: Req): Promise<Res> {
  return new Promise((resolve, reject) =>
    (
      client as unknown as Record<string, (r: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => void>
    )[method]?.call(client, request, (err, res) => (err ? reject(err) : resolve(res))),
  );
}

const struct = (value: object) => structproto.Struct.fromJavaScript(value as never);
const js = (s: structproto.Struct | undefined) => s?.toJavaScript() ?? {};

const declared = {
  number: "+44 7700 900100",
  routing: "webhook",
  webhookId: webhooks.crm,
};

async function create(client: Client, news: object = declared): Promise<provproto.CreateResponse> {
  const checked = await call<provproto.CheckRequest, provproto.CheckResponse>(
    client,
    "check",
    new provproto.CheckRequest().setUrn(URN("support")).setNews(struct(news)).setOlds(struct({})),
  );
  return call(
    client,
    "create",
    new provproto.CreateRequest().setUrn(URN("support")).setProperties(checked.getInputs()),
  );
}

describe("schema", () => {
  test("GetSchema returns the package: the resource's inputs and outputs from the zod schemas, the settings as config", async () => {
    const client = await plugin();
    const response = await call<provproto.GetSchemaRequest, provproto.GetSchemaResponse>(
      client,
      "getSchema",
      new provproto.GetSchemaRequest(),
    );
    const schema = JSON.parse(response.getSchema());
    expect(schema.name).toBe("wassist");
    expect(schema.version).toBe("1.2.3");
    const resource = schema.resources["wassist:index:PhoneNumberRouting"];
    expect(Object.keys(resource.inputProperties).sort()).toEqual([...INPUT_KEYS].sort());
    expect(resource.requiredInputs).toEqual(["number", "routing"]);
    expect(Object.keys(resource.properties).sort()).toEqual([...OUTPUT_KEYS].sort());
    expect(resource.required).toEqual([
      "number",
      "routing",
      "applyToExisting",
      "onDelete",
      "numberId",
      "isSandbox",
      "previousRouting",
      "appliedRouting",
      "adoptionId",
    ]);
    expect(resource.inputProperties.routing).toEqual({
      $ref: "#/types/wassist:index:RoutingMode",
      description:
        'Where inbound messages go: "webhook", "agent" or "none" (the API\'s null: messages are stored, nothing is invoked).',
    });
    expect(resource.inputProperties.onDelete.default).toBe("restore");
    expect(resource.inputProperties.applyToExisting).toMatchObject({ type: "boolean", default: false });
    expect(resource.properties.previousRouting.$ref).toBe("#/types/wassist:index:RoutingSnapshot");
    expect(schema.types["wassist:index:RoutingMode"].enum.map((e: { value: string }) => e.value)).toEqual([
      "webhook",
      "agent",
      "none",
    ]);
    expect(Object.keys(schema.config.variables)).toEqual(Object.keys(SETTINGS));
    expect(schema.config.variables.apiKey).toMatchObject({ type: "string", secret: true });
    expect(schema.config.variables.rateLimit.type).toBe("integer");
    expect(schema.config.variables.checkTargets.type).toBe("boolean");
    expect(schema.config.variables.baseUrl.description).toContain("Environment: WASSIST_BASE_URL.");
    expect(schema.provider.inputProperties).toEqual(schema.config.variables);
    await expect(call(client, "getSchema", new provproto.GetSchemaRequest().setVersion(2))).rejects.toThrow(
      "unsupported schema version 2",
    );
    const info = await call<emptyproto.Empty, { getVersion(): string }>(
      client,
      "getPluginInfo",
      new emptyproto.Empty(),
    );
    expect(info.getVersion()).toBe("1.2.3");
  });
});

describe("provider config", () => {
  test("CheckConfig names each bad setting and keeps the key as a secret", async () => {
    const client = await plugin();
    const response = await call<provproto.CheckRequest, provproto.CheckResponse>(
      client,
      "checkConfig",
      new provproto.CheckRequest().setNews(
        struct({ apiKey: "wsk_x", rateLimit: "fast", readStrategy: "all", maxRetries: 3, version: "1.2.3" }),
      ),
    );
    expect(response.getFailuresList().map((f) => [f.getProperty(), f.getReason()])).toEqual([
      ["rateLimit", 'wassist:rateLimit must be a whole number of at least 0, got "fast"'],
      ["readStrategy", 'wassist:readStrategy must be "list" or "per-number", got "all"'],
    ]);
    expect(js(response.getInputs())).toEqual({
      apiKey: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "wsk_x" },
      rateLimit: "fast",
      readStrategy: "all",
      maxRetries: 3,
      version: "1.2.3",
    });
  });

  test("CheckConfig: a secret setting's failure names no property (the engine would print its value beside it)", async () => {
    const client = await plugin();
    const key = "wsk_trailing_space_000001 ";
    const response = await call<provproto.CheckRequest, provproto.CheckResponse>(
      client,
      "checkConfig",
      new provproto.CheckRequest()
        .setUrn("urn:pulumi:dev::p::pulumi:providers:wassist::default_0_1_0")
        .setNews(struct({ apiKey: key })),
    );
    expect(response.getFailuresList().map((f) => [f.getProperty(), f.getReason()])).toEqual([
      [
        "",
        "the API key in the stack config wassist:apiKey ends with whitespace (a trailing newline?) at character 26; set it again without it",
      ],
    ]);
    expect(JSON.stringify(response.getFailuresList().map((f) => f.toObject()))).not.toContain("wsk_trailing");
  });

  test("CheckConfig: a setting of the wrong type (a map, a list) is refused, naming where it was set", async () => {
    const client = await plugin();
    const check = (urn: string, news: object) =>
      call<provproto.CheckRequest, provproto.CheckResponse>(
        client,
        "checkConfig",
        new provproto.CheckRequest().setUrn(urn).setNews(struct(news)),
      );
    const stack = await check("urn:pulumi:dev::p::pulumi:providers:wassist::default", {
      apiKey: { value: "wsk_in_a_map_0000001" },
      maxRetries: [1, 2],
    });
    expect(stack.getFailuresList().map((f) => [f.getProperty(), f.getReason()])).toEqual([
      ["", "the stack config wassist:apiKey is a map; it must be text"],
      ["maxRetries", "the stack config wassist:maxRetries is a list; it must be a whole number"],
    ]);
    const explicit = await check("urn:pulumi:dev::p::pulumi:providers:wassist::staging", {
      rateLimit: "fast",
      checkTargets: { on: true },
    });
    expect(explicit.getFailuresList().map((f) => [f.getProperty(), f.getReason()])).toEqual([
      ["checkTargets", 'the checkTargets input of provider "staging" is a map; it must be true or false'],
      [
        "rateLimit",
        'the rateLimit input of provider "staging" must be a whole number of at least 0, got "fast"',
      ],
    ]);
    // Without a key, the inputs hold none (no empty secret).
    expect(js(explicit.getInputs())).toEqual({ rateLimit: "fast", checkTargets: { on: true } });
  });

  test("CheckConfig warns of each unknown key with the closest known one", async () => {
    const client = await plugin();
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    try {
      await call(
        client,
        "checkConfig",
        new provproto.CheckRequest()
          .setUrn("urn:pulumi:dev::p::pulumi:providers:wassist::default")
          .setNews(struct({ apikey: "wsk_x_0000000001", baseUrl2: "http://127.0.0.1:1", version: "0.1.0" })),
      );
    } finally {
      spy.mockRestore();
    }
    expect(stderr).toEqual([
      "warning: pulumi-wassist: the stack config wassist:apikey is not a setting of the wassist provider and is ignored; did you mean wassist:apiKey?\n",
      "warning: pulumi-wassist: the stack config wassist:baseUrl2 is not a setting of the wassist provider and is ignored; did you mean wassist:baseUrl?\n",
    ]);
    expect(stderr.join("")).not.toContain("wsk_x");
  });

  test("DiffConfig names the settings that changed", async () => {
    const client = await plugin();
    const diff = (olds: object, news: object) =>
      call<provproto.DiffRequest, provproto.DiffResponse>(
        client,
        "diffConfig",
        new provproto.DiffRequest().setOldInputs(struct(olds)).setNews(struct(news)),
      );
    const same = await diff({ baseUrl: "http://127.0.0.1:1" }, { baseUrl: "http://127.0.0.1:1" });
    expect(same.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);
    const changed = await diff(
      { baseUrl: "http://127.0.0.1:1", rateLimit: 100 },
      { baseUrl: "http://127.0.0.1:2", rateLimit: "100" },
    );
    expect(changed.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
    expect(changed.getDiffsList()).toEqual(["baseUrl"]);
    expect(changed.getReplacesList()).toEqual([]);
    // Neither the key nor the origin changed: no organization is asked.
    expect(emu.current.emulator.requests().log).toEqual([]);
  });

  test("DiffConfig replaces the resources when the key reaches another organization, not when it cannot tell", async () => {
    const client = await plugin();
    const diff = (olds: object, news: object) =>
      call<provproto.DiffRequest, provproto.DiffResponse>(
        client,
        "diffConfig",
        new provproto.DiffRequest()
          .setUrn("urn:pulumi:dev::p::pulumi:providers:wassist::prod")
          .setOldInputs(struct(olds))
          .setNews(struct(news)),
      );
    const at = { baseUrl: emu.current.url, maxRetries: 0 };
    const secret = (value: string) => ({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value,
    });
    const moved = await diff({ ...at, apiKey: DEMO_API_KEY }, { ...at, apiKey: secret(OTHER_ORG_API_KEY) });
    expect([moved.getDiffsList(), moved.getReplacesList()]).toEqual([["apiKey"], ["apiKey"]]);
    expect(emu.current.emulator.requests().counts).toEqual({ "GET /api/v1/phone-numbers/": 2 });
    // A key and a rate limit changed: only the key's change replaces.
    const both = await diff(
      { ...at, apiKey: DEMO_API_KEY, rateLimit: 100 },
      { ...at, apiKey: STAGING_API_KEY, rateLimit: 50 },
    );
    expect([both.getDiffsList(), both.getReplacesList()]).toEqual([["apiKey", "rateLimit"], ["apiKey"]]);
    // Settings that cannot be read (an origin that is not a URL) tell nothing: no replacement.
    const unreadable = await diff(
      { baseUrl: "not a url", apiKey: DEMO_API_KEY },
      { ...at, apiKey: OTHER_ORG_API_KEY },
    );
    expect([unreadable.getDiffsList(), unreadable.getReplacesList()]).toEqual([
      ["apiKey", "baseUrl", "maxRetries"],
      [],
    ]);
  });

  test("Configure reads `wassist:config:*` variables: a bad one fails each resource's check, naming it", async () => {
    const { server, port } = await servePlugin({ version: "1.2.3" });
    servers.push(server);
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    clients.push(client);
    const configure = new provproto.ConfigureRequest();
    configure.getVariablesMap().set("wassist:config:baseUrl", "http://example.com");
    configure.getVariablesMap().set("wassist:config:apiKey", "wsk_demo_acme_0123456789");
    const configured = await call<provproto.ConfigureRequest, provproto.ConfigureResponse>(
      client,
      "configure",
      configure,
    );
    expect([
      configured.getAcceptsecrets(),
      configured.getAcceptresources(),
      configured.getSupportspreview(),
    ]).toEqual([false, false, false]);
    const checked = await call<provproto.CheckRequest, provproto.CheckResponse>(
      client,
      "check",
      new provproto.CheckRequest().setUrn(URN("support")).setNews(struct(declared)),
    );
    expect(checked.getFailuresList().map((f) => f.getReason())).toEqual([
      expect.stringContaining("wassist:baseUrl"),
    ]);
  });

  test("Configure reads `args` (typed; secrets wrapped) before `variables`; an explicit provider's errors name it", async () => {
    const { server, port } = await servePlugin({ version: "1.2.3" });
    servers.push(server);
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    clients.push(client);
    const configure = new provproto.ConfigureRequest()
      .setUrn("urn:pulumi:dev::p::pulumi:providers:wassist::staging")
      .setArgs(
        struct({
          apiKey: {
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            value: "wsk_wrong_000000001",
          },
          baseUrl: emu.current.url,
          maxRetries: 0,
        }),
      );
    configure.getVariablesMap().set("wassist:config:baseUrl", "http://example.com");
    await call(client, "configure", configure);
    const checked = await call<provproto.CheckRequest, provproto.CheckResponse>(
      client,
      "check",
      new provproto.CheckRequest().setUrn(URN("support")).setNews(struct(declared)),
    );
    const reasons = checked.getFailuresList().map((f) => f.getReason());
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(
      /^creating routing of 447700900100: listing phone numbers: Invalid API key\. \(401 authentication_failed, request [0-9a-f-]+\); the key came from the apiKey input of provider "staging": give that provider its organization's key \(as a secret\)$/,
    );
  });
});

describe("resources", () => {
  test("check: one failure per bad property; another resource type is refused", async () => {
    const client = await plugin();
    const checked = await call<provproto.CheckRequest, provproto.CheckResponse>(
      client,
      "check",
      new provproto.CheckRequest()
        .setUrn(URN("support"))
        .setNews(struct({ number: "0123", routing: "webhook", webhookId: "nope" })),
    );
    expect(checked.getFailuresList().map((f) => f.getProperty())).toEqual(["number", "webhookId"]);
    await expect(
      call(
        client,
        "check",
        new provproto.CheckRequest().setUrn("urn:pulumi:t::p::wassist:index:Other::x").setNews(struct({})),
      ),
    ).rejects.toThrow(
      "the wassist provider has one resource, wassist:index:PhoneNumberRouting; it was asked for wassist:index:Other",
    );
  });

  test("check: a number declared by a second resource of this provider is refused, naming both", async () => {
    const client = await plugin();
    const check = (name: string) =>
      call<provproto.CheckRequest, provproto.CheckResponse>(
        client,
        "check",
        new provproto.CheckRequest()
          .setUrn(URN(name))
          .setNews(struct({ number: numbers.sales, routing: "none" })),
      );
    expect((await check("sales")).getFailuresList()).toEqual([]);
    expect(
      (await check("sales-again")).getFailuresList().map((f) => [f.getProperty(), f.getReason()]),
    ).toEqual([
      [
        "number",
        'PhoneNumberRouting "sales-again" declares the number 447700900200, which PhoneNumberRouting "sales" declares already with the same provider (the same Wassist organization): a number has one routing, so keep one of the two resources',
      ],
    ]);
  });

  test("create routes the number and asks the engine to refresh it before each update", async () => {
    const client = await plugin();
    const created = await create(client);
    expect(created.getId()).toBe(numbers.support);
    expect(created.getRefreshBeforeUpdate()).toBe(true);
    expect(js(created.getProperties())).toMatchObject({
      number: numbers.support,
      routing: "webhook",
      webhookId: webhooks.crm,
      agentId: null,
      previousRouting: { routing: "webhook", webhookId: webhooks.zendesk, agentId: null },
    });
    expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.crm));
  });

  test("diff: a detailed diff per property, from the live routing where a person changed it", async () => {
    const client = await plugin();
    const state = js((await create(client)).getProperties());
    const diff = async (news: object, on: Client = client) => {
      const response = await call<provproto.DiffRequest, provproto.DiffResponse>(
        on,
        "diff",
        new provproto.DiffRequest()
          .setId(numbers.support)
          .setUrn(URN("support"))
          .setOlds(struct(state))
          .setNews(struct({ applyToExisting: false, onDelete: "restore", ...news })),
      );
      const detailed: Record<string, [number, boolean]> = {};
      response.getDetaileddiffMap().forEach((d, key) => {
        detailed[key] = [d.getKind(), d.getInputdiff()];
      });
      return {
        changes: response.getChanges(),
        replaces: response.getReplacesList(),
        detailed,
        has: response.getHasdetaileddiff(),
      };
    };
    const known = { number: numbers.support, routing: "webhook", webhookId: webhooks.crm };
    expect(await diff(known)).toEqual({
      changes: provproto.DiffResponse.DiffChanges.DIFF_NONE,
      replaces: [],
      detailed: {},
      has: true,
    });
    expect(await diff({ number: numbers.support, routing: "agent", agentId: agents.sales })).toEqual({
      changes: provproto.DiffResponse.DiffChanges.DIFF_SOME,
      replaces: [],
      detailed: { routing: [Kind.UPDATE, true], webhookId: [Kind.DELETE, true], agentId: [Kind.ADD, true] },
      has: true,
    });
    expect((await diff({ ...known, number: numbers.sales })).detailed).toEqual({
      number: [Kind.UPDATE_REPLACE, true],
    });
    // A person routes the number to an agent: the diff is from that routing, not the state's.
    emu.current.emulator.setRoutingOutOfBand(numbers.support, "agent", agents.support);
    // (In the preview of a later run: another process, which reads the number again.)
    expect((await diff(known, await plugin())).detailed).toEqual({
      routing: [Kind.UPDATE, true],
      agentId: [Kind.DELETE, true],
      webhookId: [Kind.ADD, true],
    });
  });

  test("read without a state (import) adopts the number as it is; a number not on the account is named", async () => {
    const client = await plugin();
    const read = await call<provproto.ReadRequest, provproto.ReadResponse>(
      client,
      "read",
      new provproto.ReadRequest().setId(numbers.sales).setUrn(URN("sales")),
    );
    expect(read.getId()).toBe(numbers.sales);
    expect(read.getRefreshBeforeUpdate()).toBe(true);
    expect(js(read.getInputs())).toEqual({
      number: numbers.sales,
      routing: "agent",
      agentId: agents.sales,
      applyToExisting: false,
      onDelete: "restore",
    });
    expect(js(read.getProperties())).toMatchObject({
      previousRouting: { routing: "agent", webhookId: null, agentId: agents.sales },
      appliedRouting: { routing: "agent", webhookId: null, agentId: agents.sales },
    });
    expect(emu.current.emulator.requests().counts).toEqual({ "GET /api/v1/phone-numbers/": 1 });
    await expect(
      call(client, "read", new provproto.ReadRequest().setId("447700900999").setUrn(URN("ghost"))),
    ).rejects.toThrow(
      "importing 447700900999: 447700900999 is not a number of this Wassist account (the organization of the API key)",
    );
  });

  test("read of a resource whose number is gone answers no id (refresh drops it)", async () => {
    const client = await plugin();
    const read = await call<provproto.ReadRequest, provproto.ReadResponse>(
      client,
      "read",
      new provproto.ReadRequest()
        .setId("447700900999")
        .setUrn(URN("ghost"))
        .setProperties(struct({ number: "447700900999", routing: "none" })),
    );
    expect(read.getId()).toBe("");
  });

  test("update writes the new routing; delete restores the routing found at create", async () => {
    const client = await plugin();
    const state = js((await create(client)).getProperties());
    const updated = await call<provproto.UpdateRequest, provproto.UpdateResponse>(
      client,
      "update",
      new provproto.UpdateRequest()
        .setId(numbers.support)
        .setUrn(URN("support"))
        .setOlds(struct(state))
        .setNews(
          struct({
            number: numbers.support,
            routing: "agent",
            agentId: agents.sales,
            applyToExisting: false,
            onDelete: "restore",
          }),
        ),
    );
    expect(updated.getRefreshBeforeUpdate()).toBe(true);
    expect(js(updated.getProperties())).toMatchObject({
      routing: "agent",
      agentId: agents.sales,
      webhookId: null,
    });
    expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.agent(agents.sales));
    await call(
      client,
      "delete",
      new provproto.DeleteRequest()
        .setId(numbers.support)
        .setUrn(URN("support"))
        .setProperties(updated.getProperties()),
    );
    expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.zendesk));
  });

  test("a write whose outcome is unknown fails with the resource kept: its id and state in the error's details", async () => {
    const client = await plugin({ maxRetries: 0 });
    await control(emu.current.url, "POST", "/faults", {
      method: "POST",
      path: "*",
      script: [{ status: 503 }],
    });
    const err = (await create(client).catch((e) => e)) as grpc.ServiceError;
    expect(err.code).toBe(grpc.status.UNKNOWN);
    expect(err.details).toContain("503");
    const [bin] = err.metadata.get("grpc-status-details-bin");
    const status = statusproto.Status.deserializeBinary(new Uint8Array(bin as Buffer));
    // The engine unpacks the detail by its type URL.
    expect(status.getDetailsList().map((d) => d.getTypeUrl())).toEqual([
      "type.googleapis.com/pulumirpc.ErrorResourceInitFailed",
    ]);
    expect([status.getCode(), status.getMessage()]).toEqual([grpc.status.UNKNOWN, err.details]);
    const detail = provproto.ErrorResourceInitFailed.deserializeBinary(
      status.getDetailsList()[0]?.getValue_asU8() as Uint8Array,
    );
    expect(detail.getId()).toBe(numbers.support);
    expect(js(detail.getProperties())).toMatchObject({
      routing: "webhook",
      previousRouting: { routing: "webhook", webhookId: webhooks.zendesk, agentId: null },
    });
    expect(detail.getReasonsList()).toEqual([err.details]);
  });
});

describe("functions", () => {
  test("Invoke serves the lookup functions by token; an error is the function's message", async () => {
    const client = await plugin();
    const invoke = (tok: string, args: object) =>
      call<provproto.InvokeRequest, provproto.InvokeResponse>(
        client,
        "invoke",
        new provproto.InvokeRequest().setTok(tok).setArgs(struct(args)),
      );
    const found = await invoke("wassist:index:getAgent", { name: "Sales Bot" });
    expect(js(found.getReturn())).toEqual({ id: agents.sales, name: "Sales Bot" });
    const numbersFound = await invoke("wassist:index:getPhoneNumbers", {});
    expect((js(numbersFound.getReturn()) as { numbers: unknown[] }).numbers).toHaveLength(3);
    await expect(invoke("wassist:index:getWebhook", { name: "nope" })).rejects.toThrow(
      /getWebhook: no webhook of the key's organization has the name "nope"/,
    );
  });
});

describe("messages", () => {
  test("go to the engine's log under the resource they are about, before the reply", async () => {
    const logged: [number, string, string][] = [];
    const engine = new grpc.Server();
    engine.addService(enginerpc.EngineService, {
      log: (
        c: grpc.ServerUnaryCall<engineproto.LogRequest, emptyproto.Empty>,
        cb: grpc.sendUnaryData<emptyproto.Empty>,
      ) => {
        logged.push([c.request.getSeverity(), c.request.getUrn(), c.request.getMessage()]);
        cb(null, new emptyproto.Empty());
      },
    });
    servers.push(engine);
    const port = await new Promise<number>((resolve, reject) =>
      engine.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );
    const stop = logToEngine(`127.0.0.1:${port}`);
    try {
      const state = js((await create(await plugin())).getProperties());
      emu.current.emulator.setRoutingOutOfBand(numbers.support, "agent", agents.support);
      // The destroy of a later run: another process.
      await call(
        await plugin(),
        "delete",
        new provproto.DeleteRequest()
          .setId(numbers.support)
          .setUrn(URN("support"))
          .setProperties(struct(state)),
      );
      expect(logged).toEqual([
        [
          engineproto.LogSeverity.WARNING,
          URN("support"),
          `447700900100: not undoing (onDelete "restore"): Wassist now routes it to agent ${agents.support}, not the webhook ${webhooks.crm} this resource set`,
        ],
      ]);
    } finally {
      stop();
    }
  });
});
