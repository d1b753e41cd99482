// Between the engine's messages and the lifecycle's values: Structs to plain objects and back,
// config values (typed, maybe secret) to the text the settings parsers read, the provider a URN
// names, and a failed call as gRPC says it.
import * as grpc from "@grpc/grpc-js";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { InitializationError } from "../lifecycle";

/** Pulumi's marker of a secret value in a Struct. */
export const SECRET_SIG = {
  key: "4dabf18193072939515e22adb298388d",
  value: "1b47061264138c4ac30d75fd1eb44270",
};

export type Plain = Record<string, unknown>;

export function plain(struct: structproto.Struct | undefined): Plain {
  return (struct?.toJavaScript() ?? {}) as Plain;
}

/** A Struct of an object, without its undefined values (a Struct has none). */
export function struct(value: object): structproto.Struct {
  return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}

/** A config value as the settings parsers read it: text (the engine sends config as typed values). */
export function configText(value: unknown): string | undefined {
  const bare = unwrapSecret(value);
  if (bare === undefined || bare === null) return undefined;
  return typeof bare === "string" ? bare : JSON.stringify(bare);
}

/** A value without Pulumi's secret wrapper (`args` in Configure keeps secrets wrapped). */
export function unwrapSecret(value: unknown): unknown {
  if (value !== null && typeof value === "object" && (value as Plain)[SECRET_SIG.key] === SECRET_SIG.value)
    return (value as Plain).value;
  return value;
}

/** What is wrong with a config value's type (a map or a list where text, a number or a flag is meant). */
export function typeProblem(value: unknown): string | undefined {
  const bare = unwrapSecret(value);
  if (bare === null || typeof bare !== "object") return undefined;
  return Array.isArray(bare) ? "a list" : "a map";
}

/**
 * The provider a URN names, when it is an explicit one (`new wassist.Provider("staging", …)`): its
 * settings are that resource's inputs, not the stack's `wassist:*` config. Default providers are
 * named `default` or `default_<version>`.
 */
export function explicitProvider(urn: string | undefined): string | undefined {
  const name = urn ? urn.slice(urn.lastIndexOf("::") + 2) : "";
  return name === "" || /^default(_|$)/.test(name) ? undefined : name;
}

/** A failed call as gRPC says it; an error that kept the resource carries it in the details. */
export function grpcError(err: unknown): Partial<grpc.ServiceError> {
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
