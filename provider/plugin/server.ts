// The `wassist` provider plugin: Pulumi's ResourceProvider gRPC service, on the protocol's
// generated stubs that @pulumi/pulumi ships, for the one resource wassist:index:PhoneNumberRouting.
// A shell around the same lifecycle as the dynamic resource (../lifecycle): the provider's config
// calls are config.ts, the resource's calls resource.ts (what only a plugin can give: the provider
// config, a detailed diff, import, `refreshBeforeUpdate`); here are the service, its messages to
// the engine's log, and the server.
// (@pulumi/pulumi's own `provider.main()` ignores the provider config and drops the detailed
// diff, so this service is built on the protocol's stubs instead.)
import { AsyncLocalStorage } from "node:async_hooks";
import * as grpc from "@grpc/grpc-js";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import { RoutingLifecycle } from "../lifecycle";
import { type Severity, setMessageSink } from "../messages";
import * as config from "./config";
import { grpcError } from "./convert";
import * as resource from "./resource";
import { packageSchema } from "./schema";

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

export interface PluginOptions {
  version: string;
  /** The lifecycle (tests give one with settings of their own). */
  lifecycle?: RoutingLifecycle;
}

/** The service's handlers, one per call; methods left out answer UNIMPLEMENTED (grpc-js does so). */
export function pluginService(options: PluginOptions): grpc.UntypedServiceImplementation {
  const core = options.lifecycle ?? new RoutingLifecycle();
  const schema = JSON.stringify(packageSchema(options.version));
  const handlers: Partial<provrpc.IResourceProviderServer> = {
    getPluginInfo: unary(() => new plugproto.PluginInfo().setVersion(options.version)),
    getSchema: unary((req: provproto.GetSchemaRequest) => {
      if (req.getVersion() !== 0) throw new Error(`unsupported schema version ${req.getVersion()}`);
      return new provproto.GetSchemaResponse().setSchema(schema);
    }),
    checkConfig: unary(config.checkConfig),
    diffConfig: unary(config.diffConfig),
    configure: unary((req: provproto.ConfigureRequest) => config.configure(core, req)),
    check: unary((req: provproto.CheckRequest) => resource.check(core, req)),
    diff: unary((req: provproto.DiffRequest) => resource.diff(core, req)),
    create: unary((req: provproto.CreateRequest) => resource.create(core, req)),
    read: unary((req: provproto.ReadRequest) => resource.read(core, req)),
    update: unary((req: provproto.UpdateRequest) => resource.update(core, req)),
    delete: unary((req: provproto.DeleteRequest) => resource.remove(core, req)),
    invoke: unary((req: provproto.InvokeRequest) => resource.invoke(core, req)),
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
