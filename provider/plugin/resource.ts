// The resource's calls: each request converted to the lifecycle's call and its result to the
// engine's response. What only a plugin gives: a detailed diff, import (Read without a state),
// and `refreshBeforeUpdate`, so that preview compares the declared routing with the live one.
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import type { PropertyChange, RoutingLifecycle } from "../lifecycle";
import type { PreviewInputs } from "../resource/args";
import type { RoutingState } from "../resource/state";
import { plain, struct } from "./convert";
import { RESOURCE_TOKEN } from "./schema";

const KINDS: Record<PropertyChange, provproto.PropertyDiff.Kind> = {
  add: provproto.PropertyDiff.Kind.ADD,
  update: provproto.PropertyDiff.Kind.UPDATE,
  delete: provproto.PropertyDiff.Kind.DELETE,
  "update-replace": provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

const CHANGES = provproto.DiffResponse.DiffChanges;

function refuseOtherTypes(urn: string): void {
  const type = urn.split("::")[2]?.split("$").pop();
  if (type !== RESOURCE_TOKEN)
    throw new Error(`the wassist provider has one resource, ${RESOURCE_TOKEN}; it was asked for ${type}`);
}

export async function check(core: RoutingLifecycle, req: provproto.CheckRequest) {
  refuseOtherTypes(req.getUrn());
  const result = await core.check(plain(req.getOlds()), plain(req.getNews()), req.getUrn());
  const response = new provproto.CheckResponse();
  if (result.inputs) response.setInputs(struct(result.inputs));
  const failures = (result.failures ?? []).map((f) =>
    new provproto.CheckFailure().setProperty(f.property).setReason(f.reason),
  );
  return response.setFailuresList(failures);
}

export async function diff(core: RoutingLifecycle, req: provproto.DiffRequest) {
  const olds = plain(req.getOlds()) as RoutingState;
  const result = await core.diff(olds, plain(req.getNews()) as PreviewInputs);
  const response = new provproto.DiffResponse()
    .setChanges(result.changes ? CHANGES.DIFF_SOME : CHANGES.DIFF_NONE)
    .setReplacesList(result.replaces ?? [])
    .setDeletebeforereplace(result.deleteBeforeReplace ?? false)
    .setHasdetaileddiff(true);
  const detailed = response.getDetaileddiffMap();
  for (const [key, change] of Object.entries(result.detailedDiff))
    detailed.set(key, new provproto.PropertyDiff().setKind(KINDS[change]).setInputdiff(true));
  return response.setDiffsList(Object.keys(result.detailedDiff));
}

export async function create(core: RoutingLifecycle, req: provproto.CreateRequest) {
  refuseOtherTypes(req.getUrn());
  const result = await core.create(plain(req.getProperties()) as PreviewInputs);
  return new provproto.CreateResponse()
    .setId(result.id)
    .setProperties(struct(result.outs ?? {}))
    .setRefreshBeforeUpdate(true);
}

export async function read(core: RoutingLifecycle, req: provproto.ReadRequest) {
  const state = plain(req.getProperties()) as RoutingState;
  const result = await core.read(req.getId(), Object.keys(state).length > 0 ? state : undefined);
  const response = new provproto.ReadResponse().setId(result.id ?? "").setRefreshBeforeUpdate(true);
  if (result.id) {
    response.setProperties(struct(result.props ?? {}));
    response.setInputs(struct(result.inputs ?? {}));
  }
  return response;
}

export async function update(core: RoutingLifecycle, req: provproto.UpdateRequest) {
  const olds = plain(req.getOlds()) as RoutingState;
  const result = await core.update(olds, plain(req.getNews()) as PreviewInputs);
  return new provproto.UpdateResponse().setProperties(struct(result.outs ?? {})).setRefreshBeforeUpdate(true);
}

export async function remove(core: RoutingLifecycle, req: provproto.DeleteRequest) {
  await core.delete(req.getId(), plain(req.getProperties()) as RoutingState);
  return new emptyproto.Empty();
}

export async function invoke(core: RoutingLifecycle, req: provproto.InvokeRequest) {
  const result = await core.invoke(req.getTok(), plain(req.getArgs()));
  return new provproto.InvokeResponse().setReturn(struct(result));
}
