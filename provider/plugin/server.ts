// The `wassist` provider plugin: Pulumi's ResourceProvider gRPC service, on the protocol's
// generated stubs that @pulumi/pulumi ships, for the one resource wassist:index:PhoneNumberRouting.
// A shell around the same lifecycle as the dynamic resource (lifecycle.ts): it converts the
// engine's messages to and from that lifecycle's calls and adds what only a plugin can give,
// the provider config (CheckConfig/Configure), a detailed diff, import (Read without a state) and
// `refreshBeforeUpdate`, so that preview compares the declared routing with the live one.
// (@pulumi/pulumi's own `provider.main()` ignores the provider config and drops the detailed
// diff, so this service is built on the protocol's stubs instead.)
import { AsyncLocalStorage } from "node:async_hooks";
import * as grpc from "@grpc/grpc-js";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type { PreviewInputs } from "../args";
import { InitializationError, PhoneNumberRoutingProvider, type PropertyChange } from "../lifecycle";
import { type Severity, setMessageSink, warn } from "../messages";
import { readSettings, SETTINGS, unknownSettings } from "../settings";
import type { RoutingState } from "../state";
import { otherOrganization } from "./organizations";
import { PACKAGE, packageSchema, RESOURCE_TOKEN } from "./schema";

/** Pulumi's marker of a secret value in a Struct. */
const SECRET_SIG = { key: "4dabf18193072939515e22adb298388d", value: "1b47061264138c4ac30d75fd1eb44270" };

const KINDS: Record<PropertyChange, provproto.PropertyDiff.Kind> = {
  add: provproto.PropertyDiff.Kind.ADD,
  update: provproto.PropertyDiff.Kind.UPDATE,
  delete: provproto.PropertyDiff.Kind.DELETE,
  "update-replace": provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

type Plain = Record<string, unknown>;

function plain(struct: structproto.Struct | undefined): Plain {
  return (struct?.toJavaScript() ?? {}) as Plain;
}

/** A Struct of an object, without its undefined values (a Struct has none). */
function struct(value: object): structproto.Struct {
  return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}

/** A config value as the settings parsers read it: text (the engine sends config as typed values). */
function configText(value: unknown): string | undefined {
  const bare = unwrapSecret(value);
  if (bare === undefined || bare === null) return undefined;
  return typeof bare === "string" ? bare : JSON.stringify(bare);
}

/** A value without Pulumi's secret wrapper (`args` in Configure keeps secrets wrapped). */
function unwrapSecret(value: unknown): unknown {
  if (value !== null && typeof value === "object" && (value as Plain)[SECRET_SIG.key] === SECRET_SIG.value)
    return (value as Plain).value;
  return value;
}

const TYPE_WORDS = { string: "text", integer: "a whole number", boolean: "true or false" } as const;

/**
 * The provider a URN names, when it is an explicit one (`new wassist.Provider("staging", …)`): its
 * settings are that resource's inputs, not the stack's `wassist:*` config. Default providers are
 * named `default` or `default_<version>`.
 */
export function explicitProvider(urn: string | undefined): string | undefined {
  const name = urn ? urn.slice(urn.lastIndexOf("::") + 2) : "";
  return name === "" || /^default(_|$)/.test(name) ? undefined : name;
}

/** What is wrong with a config value's type (a map or a list where text, a number or a flag is meant). */
function typeProblem(value: unknown): string | undefined {
  const bare = unwrapSecret(value);
  if (bare === null || typeof bare !== "object") return undefined;
  return Array.isArray(bare) ? "a list" : "a map";
}

/** A failed call as gRPC says it; an error that kept the resource carries it in the details. */
function grpcError(err: unknown): Partial<grpc.ServiceError> {
  const message = err instanceof Error ? err.message : String(err);
  const metadata = new grpc.Metadata();
  if (err instanceof InitializationError) {
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(err.id);
    detail.setProperties(struct(err.properties));
    detail.setReasonsList(err.reasons);
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}

/** The resource a call is about, for the messages said while serving it. */
const serving = new AsyncLocalStorage<{ urn: string }>();
/** Messages on their way to the engine: a reply waits for them, so they are shown before it. */
const pending = new Set<Promise<void>>();

/**
 * Sends the provider's messages to the engine's log, under the resource of the call (the engine
 * hides a plugin's stderr). Returns the function that stops doing so.
 */
export function logToEngine(address: string): () => void {
  const engine = new enginerpc.EngineClient(address, grpc.credentials.createInsecure());
  const severities: Record<Severity, engineproto.LogSeverity> = {
    info: engineproto.LogSeverity.INFO,
    warning: engineproto.LogSeverity.WARNING,
  };
  setMessageSink((severity, message) => {
    const request = new engineproto.LogRequest()
      .setSeverity(severities[severity])
      .setMessage(message)
      .setUrn(serving.getStore()?.urn ?? "");
    const sent = new Promise<void>((resolve) => engine.log(request, () => resolve()));
    pending.add(sent);
    void sent.then(() => pending.delete(sent));
  });
  return () => {
    setMessageSink(undefined);
    engine.close();
  };
}

/** One unary handler: the reply (after the messages said meanwhile), or the error as gRPC says it. */
function unary<Req, Res>(handle: (request: Req) => Promise<Res> | Res): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const request = call.request as { getUrn?: () => string };
    const urn = typeof request.getUrn === "function" ? request.getUrn() : "";
    serving
      .run({ urn }, async () => handle(call.request))
      .then(
        async (response) => {
          await Promise.all(pending);
          callback(null, response);
        },
        async (err) => {
          await Promise.all(pending);
          callback(grpcError(err) as grpc.ServiceError, null);
        },
      );
  };
}

function refuseOtherTypes(urn: string): void {
  const type = urn.split("::")[2]?.split("$").pop();
  if (type !== RESOURCE_TOKEN)
    throw new Error(`the wassist provider has one resource, ${RESOURCE_TOKEN}; it was asked for ${type}`);
}

export interface PluginOptions {
  version: string;
  /** The lifecycle (tests give one with settings of their own). */
  provider?: PhoneNumberRoutingProvider;
}

/** The service's handlers; methods left out answer UNIMPLEMENTED (grpc-js does so). */
export function pluginService(options: PluginOptions): grpc.UntypedServiceImplementation {
  const core = options.provider ?? new PhoneNumberRoutingProvider();
  const schema = JSON.stringify(packageSchema(options.version));
  const handlers: Partial<provrpc.IResourceProviderServer> = {
    getPluginInfo: unary(() => new plugproto.PluginInfo().setVersion(options.version)),
    getSchema: unary((req: provproto.GetSchemaRequest) => {
      if (req.getVersion() !== 0) throw new Error(`unsupported schema version ${req.getVersion()}`);
      return new provproto.GetSchemaResponse().setSchema(schema);
    }),
    checkConfig: unary((req: provproto.CheckRequest) => {
      const news = plain(req.getNews());
      const provider = explicitProvider(req.getUrn());
      const response = new provproto.CheckResponse();
      const failures: provproto.CheckFailure[] = [];
      const where = (name: string) =>
        provider ? `the ${name} input of provider "${provider}"` : `the stack config wassist:${name}`;
      for (const [key, closest] of unknownSettings(Object.keys(news)))
        warn(
          `${where(key)} is not a setting of the wassist provider and is ignored; did you mean ${provider ? closest : `wassist:${closest}`}?`,
        );
      // Each setting read on its own, so that each bad one is named (the environment's are
      // checked when the provider is configured). The engine prints a failing property's value
      // beside its reason, so a secret setting's failure names no property: its value is never shown.
      for (const [name, setting] of Object.entries(SETTINGS)) {
        const fail = (reason: string) =>
          failures.push(
            new provproto.CheckFailure().setProperty("secret" in setting ? "" : name).setReason(reason),
          );
        const wrongType = typeProblem(news[name]);
        if (wrongType) {
          fail(`${where(name)} is ${wrongType}; it must be ${TYPE_WORDS[setting.type]}`);
          continue;
        }
        const text = configText(news[name]);
        if (text === undefined || text.trim() === "") continue;
        try {
          setting.parse(text, provider ? `the ${name} input of provider "${provider}"` : setting.key);
        } catch (err) {
          fail((err as Error).message);
        }
      }
      // The key is kept as a secret in the provider's state, however it was set.
      const inputs: Plain = { ...news };
      if (typeof news.apiKey === "string")
        inputs.apiKey = { [SECRET_SIG.key]: SECRET_SIG.value, value: news.apiKey };
      response.setInputs(struct(inputs));
      response.setFailuresList(failures);
      return response;
    }),
    diffConfig: unary(async (req: provproto.DiffRequest) => {
      const olds = plain(req.getOldInputs() ?? req.getOlds());
      const news = plain(req.getNews());
      const changed = Object.keys(SETTINGS).filter(
        (name) => configText(olds[name]) !== configText(news[name]),
      );
      const response = new provproto.DiffResponse();
      response.setChanges(
        changed.length > 0
          ? provproto.DiffResponse.DiffChanges.DIFF_SOME
          : provproto.DiffResponse.DiffChanges.DIFF_NONE,
      );
      response.setDiffsList(changed);
      // Another organization's key (or origin): the resources move by replacement.
      const reaching = changed.filter((name) => name === "apiKey" || name === "baseUrl");
      if (reaching.length > 0) {
        const provider = explicitProvider(req.getUrn());
        const settingsOf = (inputs: Plain) => {
          try {
            return readSettings(
              (key) => configText(inputs[key.replace(`${PACKAGE}:`, "")]),
              process.env,
              provider,
            );
          } catch {
            return undefined;
          }
        };
        const [before, after] = [settingsOf(olds), settingsOf(news)];
        if (before && after && (await otherOrganization(before, after))) response.setReplacesList(reaching);
      }
      return response;
    }),
    configure: unary((req: provproto.ConfigureRequest) => {
      // `args` holds each setting as a typed value (secrets wrapped); engines before it sent only
      // `variables`, each setting as text keyed `wassist:config:<name>`.
      const args = req.getArgs() ? plain(req.getArgs()) : undefined;
      const variables = req.getVariablesMap();
      const provider = explicitProvider(req.getUrn());
      core.configureFrom(
        (key) =>
          args
            ? configText(args[key.replace(`${PACKAGE}:`, "")])
            : variables.get(key.replace(`${PACKAGE}:`, `${PACKAGE}:config:`)),
        provider,
      );
      const response = new provproto.ConfigureResponse();
      // No secrets in: the engine keeps an input's secretness on the outputs of the same name.
      response.setAcceptsecrets(false);
      response.setAcceptresources(false);
      response.setSupportspreview(false);
      return response;
    }),
    check: unary(async (req: provproto.CheckRequest) => {
      refuseOtherTypes(req.getUrn());
      const result = await core.check(plain(req.getOlds()), plain(req.getNews()), req.getUrn());
      const response = new provproto.CheckResponse();
      if (result.inputs) response.setInputs(struct(result.inputs));
      response.setFailuresList(
        (result.failures ?? []).map((f) =>
          new provproto.CheckFailure().setProperty(f.property).setReason(f.reason),
        ),
      );
      return response;
    }),
    diff: unary(async (req: provproto.DiffRequest) => {
      const olds = plain(req.getOlds()) as RoutingState;
      const result = await core.diffDetailed(req.getId(), olds, plain(req.getNews()) as PreviewInputs);
      const response = new provproto.DiffResponse();
      response.setChanges(
        result.changes
          ? provproto.DiffResponse.DiffChanges.DIFF_SOME
          : provproto.DiffResponse.DiffChanges.DIFF_NONE,
      );
      response.setReplacesList(result.replaces ?? []);
      response.setDeletebeforereplace(result.deleteBeforeReplace ?? false);
      response.setHasdetaileddiff(true);
      const detailed = response.getDetaileddiffMap();
      for (const [key, change] of Object.entries(result.detailedDiff)) {
        detailed.set(key, new provproto.PropertyDiff().setKind(KINDS[change]).setInputdiff(true));
      }
      response.setDiffsList(Object.keys(result.detailedDiff));
      return response;
    }),
    create: unary(async (req: provproto.CreateRequest) => {
      refuseOtherTypes(req.getUrn());
      const result = await core.create(plain(req.getProperties()) as PreviewInputs);
      return new provproto.CreateResponse()
        .setId(result.id)
        .setProperties(struct(result.outs ?? {}))
        .setRefreshBeforeUpdate(true);
    }),
    read: unary(async (req: provproto.ReadRequest) => {
      const state = plain(req.getProperties()) as RoutingState;
      const result = await core.read(req.getId(), Object.keys(state).length > 0 ? state : undefined);
      const response = new provproto.ReadResponse().setId(result.id ?? "").setRefreshBeforeUpdate(true);
      if (result.id) {
        response.setProperties(struct(result.props ?? {}));
        response.setInputs(struct(result.inputs ?? {}));
      }
      return response;
    }),
    update: unary(async (req: provproto.UpdateRequest) => {
      const olds = plain(req.getOlds()) as RoutingState;
      const result = await core.update(req.getId(), olds, plain(req.getNews()) as PreviewInputs);
      return new provproto.UpdateResponse()
        .setProperties(struct(result.outs ?? {}))
        .setRefreshBeforeUpdate(true);
    }),
    delete: unary(async (req: provproto.DeleteRequest) => {
      await core.delete(req.getId(), plain(req.getProperties()) as RoutingState);
      return new emptyproto.Empty();
    }),
    invoke: unary(async (req: provproto.InvokeRequest) => {
      const result = await core.invoke(req.getTok(), plain(req.getArgs()));
      return new provproto.InvokeResponse().setReturn(struct(result));
    }),
    cancel: unary(() => new emptyproto.Empty()),
    attach: unary(() => new emptyproto.Empty()),
  };
  return handlers as grpc.UntypedServiceImplementation;
}

/** Serves the plugin on 127.0.0.1 (port 0: the system picks one); resolves with the server and its port. */
export async function servePlugin(options: PluginOptions): Promise<{ server: grpc.Server; port: number }> {
  // Pulumi's own limit for messages between the engine and plugins (a large state is one message).
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(provrpc.ResourceProviderService, pluginService(options));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  return { server, port };
}
