// The Wassist API under /api/v1/, as the public docs, the OpenAPI file and the SDK describe it. Every request is
// logged and counted, then meets any scripted fault, then authentication and the per-key rate
// limit; the routes call the Emulator and answer with what http/render.ts makes of its records.
import type { HttpBindings } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { type Emulator, endpointOf, type LoggedRequest, type RoutingTarget } from "../emulator";
import { HttpError, notFoundDetail } from "./errors";
import { renderAgent, renderConversation, renderNumber, renderWebhook } from "./render";

export type ApiEnv = {
  Bindings: HttpBindings;
  Variables: { org: string; requestId: string; body: unknown };
};

/** DRF's messages: "This field is required." for a missing field, else the field's own. */
const drf = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? "This field is required." : message;
// Django's UUIDField: any case is accepted, and stored and answered in lower case.
const uuid = z.uuid({ error: drf("Must be a valid UUID.") }).toLowerCase();
const applyToExisting = z.boolean({ error: "Must be a valid boolean." }).optional();

const subscribeBody = z.object({ webhookId: uuid, applyToExisting });
const connectAgentBody = z.object({ agentId: uuid, applyToExisting });
const unsubscribeBody = z.object({ applyToExisting });

const NUMBER_IN_PATH = /^\d{1,15}$/;
const MALFORMED = Symbol("malformed JSON");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function dropConnection(c: Context<ApiEnv>): Response {
  c.env.incoming.socket.destroy();
  return new Response(null, { status: 499 });
}

/** The request's JSON body, checked by `schema`; DRF's 400s otherwise. */
function jsonBody<T extends z.ZodType>(c: Context<ApiEnv>, schema: T): z.output<T> {
  const body = c.get("body") ?? {};
  if (body === MALFORMED)
    throw new HttpError(400, { detail: "JSON parse error - the request body is not valid JSON." });
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError(400, { non_field_errors: ["Invalid data. Expected a dictionary."] });
  }
  return schema.parse(body);
}

function numberParam(c: Context<ApiEnv>): string {
  const digits = c.req.param("number") ?? "";
  if (!NUMBER_IN_PATH.test(digits)) throw notFoundDetail();
  return digits;
}

export function apiRoutes(emulator: Emulator): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>({ strict: true });

  api.use(
    "*",
    bodyLimit({
      maxSize: emulator.settings.maxBodyBytes,
      onError: (c) => c.json({ detail: "Request body too large." }, 413),
    }),
  );

  // Log and count every request, then play any fault scripted for it.
  api.use("*", async (c, next) => {
    const method = c.req.method;
    const url = new URL(c.req.url);
    const path = url.pathname;
    let body: unknown;
    if (method === "POST" || method === "PUT" || method === "PATCH") {
      const text = await c.req.text();
      try {
        body = text === "" ? undefined : JSON.parse(text);
        c.set("body", body);
      } catch {
        body = { unparsable: text.slice(0, 200) };
        c.set("body", MALFORMED);
      }
    }
    const entry: LoggedRequest = {
      method,
      path: `${path}${url.search}`,
      endpoint: endpointOf(method, path),
      body: undefined,
      status: 0,
      requestId: c.get("requestId"),
      at: Date.now(),
    };
    emulator.record(entry);
    // Bodies (and the organization) are logged only for a valid key, and small bodies whole: the
    // log stays bounded.
    const organization = emulator.keys.get(c.req.header("x-api-key") ?? "");
    if (organization) {
      entry.organization = organization;
      emulator.logBody(entry, body);
    }
    if (emulator.settings.latencyMs > 0) await sleep(emulator.settings.latencyMs);
    const fault = emulator.faults.take(method, path);
    if (fault && "delayMs" in fault) await sleep(fault.delayMs);
    if (fault && "drop" in fault && !fault.afterHandler) return dropConnection(c);
    if (fault && "status" in fault) {
      if (fault.retryAfter !== undefined) c.header("Retry-After", String(fault.retryAfter));
      for (const [name, value] of Object.entries(fault.headers ?? {})) c.header(name, value);
      entry.status = fault.status;
      const status = fault.status as ContentfulStatusCode;
      if (fault.raw !== undefined) return c.body(fault.raw, status, { "content-type": "text/plain" });
      const answer =
        fault.body ??
        (fault.status === 429
          ? { error: "Request was throttled.", code: "rate_limited" }
          : fault.status >= 400
            ? { error: "Service temporarily unavailable", code: "server_error" }
            : {});
      return c.json(answer, status);
    }
    await next();
    entry.status = c.res.status;
    if (fault && "drop" in fault && fault.afterHandler) return dropConnection(c);
  });

  // Authentication, then the per-key rate limit.
  api.use("*", async (c, next) => {
    const key = c.req.header("x-api-key");
    const org = key ? emulator.keys.get(key) : undefined;
    if (!key || !org) {
      return c.json(
        {
          error: key ? "Invalid API key." : "Authentication credentials were not provided.",
          code: "authentication_failed",
        },
        401,
      );
    }
    const wait = emulator.throttle(key);
    if (wait !== undefined) {
      if (emulator.settings.throttleWait === "header") c.header("Retry-After", String(wait));
      return c.json(
        {
          error: `Request was throttled. Expected available in ${wait} seconds.`,
          code: "rate_limited",
          retry_after: wait,
        },
        429,
      );
    }
    c.set("org", org);
    await next();
  });

  const number = (c: Context<ApiEnv>, record: Parameters<typeof renderNumber>[1]) =>
    c.json(renderNumber(emulator.data, record, emulator.settings.shape));

  // A bare array, unpaged, as the spec and live calls show (not the documented envelope).
  api.get("/phone-numbers/", (c) =>
    c.json(
      emulator.numbersOf(c.get("org")).map((n) => renderNumber(emulator.data, n, emulator.settings.shape)),
    ),
  );
  api.get("/phone-numbers/:number/", (c) => number(c, emulator.numberOf(c.get("org"), numberParam(c))));
  // The three routing calls. applyToExisting's default when omitted is undocumented; the SDK
  // comment says true.
  const route = (c: Context<ApiEnv>, digits: string, target: RoutingTarget, applyToExisting?: boolean) =>
    number(c, emulator.route(c.get("org"), digits, target, applyToExisting ?? true));
  api.post("/phone-numbers/:number/subscribe/", (c) => {
    const digits = numberParam(c);
    const body = jsonBody(c, subscribeBody);
    return route(c, digits, { kind: "webhook", id: body.webhookId }, body.applyToExisting);
  });
  api.post("/phone-numbers/:number/connect-agent/", (c) => {
    const digits = numberParam(c);
    const body = jsonBody(c, connectAgentBody);
    return route(c, digits, { kind: "agent", id: body.agentId }, body.applyToExisting);
  });
  api.post("/phone-numbers/:number/unsubscribe/", (c) => {
    const digits = numberParam(c);
    return route(c, digits, null, jsonBody(c, unsubscribeBody).applyToExisting);
  });
  api.get("/agents/", (c) => envelope(c, emulator.agentsOf(c.get("org")).map(renderAgent)));
  api.get("/agents/:id/", (c) => c.json(renderAgent(emulator.agentOf(c.get("org"), c.req.param("id")))));
  // Spec-only, read-only (webhooks are created in the dashboard).
  api.get("/webhooks/", (c) => envelope(c, emulator.webhooksOf(c.get("org")).map(renderWebhook)));
  api.get("/webhooks/:id/", (c) =>
    c.json(renderWebhook(emulator.webhookOf(c.get("org"), c.req.param("id")))),
  );
  api.get("/conversations/", (c) => {
    const conversations = emulator.conversationsOf(c.get("org"), c.req.query("whatsappNumber") || undefined);
    return envelope(
      c,
      conversations.map((conversation) => renderConversation(emulator.data, conversation)),
    );
  });
  return api;
}

/** The documented list envelope with offset/limit paging. */
function envelope<T>(c: Context<ApiEnv>, items: T[]): Response {
  const url = new URL(c.req.url);
  const limit = Math.min(100, Math.max(1, Number(url.searchParams.get("limit") ?? 20) || 20));
  const offset = Math.max(0, Number(url.searchParams.get("offset") ?? 0) || 0);
  const link = (at: number) => {
    const next = new URL(url);
    next.searchParams.set("limit", String(limit));
    next.searchParams.set("offset", String(at));
    return next.toString();
  };
  return c.json({
    count: items.length,
    next: offset + limit < items.length ? link(offset + limit) : null,
    previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
    results: items.slice(offset, offset + limit),
  });
}
