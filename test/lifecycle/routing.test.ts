// The lifecycle's small decisions, exhaustively: whether a number routes as declared, the
// snapshot of a routing, the inputs read back from state, and which failures certainly wrote nothing.
import { describe, expect, test } from "vitest";
import {
  certainlyNotApplied,
  declaredSnapshot,
  describeRouting,
  liveMatches,
  routingInputs,
  snapshotOf,
} from "../../provider/lifecycle";
import { WassistHttpError, WassistNetworkError } from "../../provider/wassist/errors";
import type { PhoneNumber } from "../../provider/wassist/models";

const HOOK = "hook-1";
const AGENT = "agent-1";
const live = (over: Partial<PhoneNumber>): PhoneNumber => ({
  id: "n",
  number: "447700900100",
  whatsappPhoneNumberId: null,
  whatsappBusinessAccountId: null,
  activeAgentId: null,
  defaultRouting: null,
  defaultWebhookId: null,
  isSandbox: false,
  ...over,
});
const toHook = live({ defaultRouting: "webhook", defaultWebhookId: HOOK });
const toAgent = live({ defaultRouting: "agent", activeAgentId: AGENT });
const toNothing = live({});

describe("liveMatches", () => {
  test.each([
    [toHook, { routing: "webhook", webhookId: HOOK }, true],
    [toHook, { routing: "webhook", webhookId: "other" }, false],
    [toHook, { routing: "agent", agentId: AGENT }, false],
    [toHook, { routing: "none" }, false],
    [toAgent, { routing: "agent", agentId: AGENT }, true],
    [toAgent, { routing: "agent", agentId: "other" }, false],
    [toAgent, { routing: "webhook", webhookId: HOOK }, false],
    [toAgent, { routing: "none" }, false],
    [toNothing, { routing: "none" }, true],
    [toNothing, { routing: "webhook", webhookId: HOOK }, false],
    [toNothing, { routing: "agent", agentId: AGENT }, false],
    [live({ defaultRouting: "sandbox", isSandbox: true }), { routing: "agent", agentId: AGENT }, true],
  ] as [PhoneNumber, Parameters<typeof liveMatches>[1], boolean][])(
    "%j declared %j: %s",
    (found, declared, matches) => {
      expect(liveMatches(found, declared)).toBe(matches);
    },
  );
});

test("snapshots: of a live number, and of a declared routing (the other id null)", () => {
  expect(snapshotOf(toHook)).toEqual({ routing: "webhook", webhookId: HOOK, agentId: null });
  expect(snapshotOf(toNothing)).toEqual({ routing: "none", webhookId: null, agentId: null });
  expect(declaredSnapshot({ routing: "webhook", webhookId: HOOK, agentId: AGENT })).toEqual({
    routing: "webhook",
    webhookId: HOOK,
    agentId: null,
  });
  expect(declaredSnapshot({ routing: "agent", webhookId: HOOK, agentId: AGENT })).toEqual({
    routing: "agent",
    webhookId: null,
    agentId: AGENT,
  });
  expect(declaredSnapshot({ routing: "agent" })).toEqual({
    routing: "agent",
    webhookId: null,
    agentId: null,
  });
  expect(declaredSnapshot({ routing: "none", webhookId: HOOK })).toEqual({
    routing: "none",
    webhookId: null,
    agentId: null,
  });
});

test("inputs from a recorded routing: a routing without its id reads as none", () => {
  const base = { number: "1", applyToExisting: true, onDelete: "retain" as const };
  expect(routingInputs(base, { routing: "webhook", webhookId: HOOK })).toEqual({
    ...base,
    routing: "webhook",
    webhookId: HOOK,
  });
  expect(routingInputs(base, { routing: "agent", agentId: AGENT })).toEqual({
    ...base,
    routing: "agent",
    agentId: AGENT,
  });
  expect(routingInputs(base, { routing: "webhook", webhookId: null })).toEqual({ ...base, routing: "none" });
  expect(routingInputs(base, { routing: "agent", webhookId: HOOK })).toEqual({ ...base, routing: "none" });
  expect(routingInputs(base, { routing: "sandbox" })).toEqual({ ...base, routing: "none" });
  expect(routingInputs(base, {})).toEqual({ ...base, routing: "none" });
  // An id left over from another routing does not make that routing.
  expect(routingInputs(base, { routing: "none", agentId: AGENT })).toEqual({ ...base, routing: "none" });
  expect(routingInputs(base, { routing: "webhook", webhookId: null, agentId: AGENT })).toEqual({
    ...base,
    routing: "none",
  });
});

test("routings in words", () => {
  expect(describeRouting({ routing: "webhook", webhookId: HOOK })).toBe("webhook hook-1");
  expect(describeRouting({ routing: "agent", agentId: AGENT })).toBe("agent agent-1");
  expect(describeRouting({ routing: "none" })).toBe("no routing");
  expect(describeRouting({ routing: "sandbox" })).toBe("sandbox");
});

test("which failed writes certainly wrote nothing: a 4xx other than 408 and 429", () => {
  const http = (status: number) => new WassistHttpError({ operation: "x", reason: "y", status });
  expect([400, 403, 404, 409, 422, 499].map((s) => certainlyNotApplied(http(s)))).toEqual(
    Array(6).fill(true),
  );
  expect([408, 429, 500, 503].map((s) => certainlyNotApplied(http(s)))).toEqual(Array(4).fill(false));
  expect(
    certainlyNotApplied(
      new WassistNetworkError({ operation: "x", reason: "y", code: "ECONNRESET" }, undefined),
    ),
  ).toBe(false);
  expect(certainlyNotApplied(new Error("x"))).toBe(false);
});
