// The emulator's HTTP surface (Hono): the Wassist API under /api/v1/ as ../shared/wassist-api.md
// describes it, and the control routes under /_emulator/ that tests and the demo use to inject
// faults, make out-of-band changes and read request counters.
import { randomUUID } from "node:crypto";
import type { HttpBindings } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { type Emulator, endpointOf, type LoggedRequest } from "./emulator";
import type { FaultAction } from "./faults";
import { EmulatorError } from "./store";

type Env = {
  Bindings: HttpBindings;
  Variables: { org: string; apiKey: string; requestId: string; body: unknown };
};

// Django's UUIDField: any case is accepted, and stored and answered in lower case.
const uuid = z.uuid({ message: "Must be a valid UUID." }).toLowerCase();
const applyToExisting = z.boolean({ message: "Must be a valid boolean." }).optional();
const subscribeBody = z.object({ webhookId: uuid, applyToExisting });
const connectAgentBody = z.object({ agentId: uuid, applyToExisting });
const unsubscribeBody = z.object({ applyToExisting });
const outOfBandBody = z.object({
  routing: z.enum(["webhook", "agent"]).nullable(),
  webhookId: z.string().optional(),
  agentId: z.string().optional(),
});
const NUMBER_IN_PATH = /^\d{1,15}$/;

/** DRF's per-field error map: {"webhookId": ["This field is required."]}. */
function fieldErrors(error: z.ZodError, body: Record<string, unknown> = {}): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "non_field_errors";
    const missing = issue.code === "invalid_type" && body[key] === undefined;
    out[key] = [...(out[key] ?? []), missing ? "This field is required." : issue.message];
  }
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function dropConnection(c: Context<Env>): Response {
  c.env.incoming.socket.destroy();
  return new Response(null, { status: 499 });
}

export function createApp(emulator: Emulator): Hono<Env> {
  const app = new Hono<Env>({ strict: true });

  app.onError((err, c) => {
    if (err instanceof EmulatorError) return c.json(err.body, err.status as 400);
    if (err instanceof z.ZodError) return c.json(fieldErrors(err), 400);
    return c.json({ error: "Internal server error", code: "server_error" }, 500);
  });
  app.notFound((c) => c.json({ detail: "Not found." }, 404));

  app.use("*", async (c, next) => {
    const requestId = randomUUID();
    c.set("requestId", requestId);
    await next();
    c.res.headers.set("X-Request-Id", requestId);
  });

  // ---- The Wassist API -------------------------------------------------------------------
  const api = new Hono<Env>({ strict: true });

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
    const path = new URL(c.req.url).pathname;
    let body: unknown;
    if (method === "POST" || method === "PUT" || method === "PATCH") {
      const text = await c.req.text();
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        body = { unparsable: text.slice(0, 200) };
        c.set("body", Symbol.for("malformed"));
      }
      if (c.get("body") === undefined) c.set("body", body);
    }
    // Bodies are logged only for a valid key, and small ones whole: the log stays bounded.
    const entry: LoggedRequest = {
      method,
      path,
      endpoint: endpointOf(method, path),
      body: undefined,
      status: 0,
      requestId: c.get("requestId"),
    };
    emulator.record(entry);
    if (emulator.keys.has(c.req.header("x-api-key") ?? "")) emulator.logBody(entry, body);
    if (emulator.settings.latencyMs > 0) await sleep(emulator.settings.latencyMs);
    const fault: FaultAction | undefined = emulator.faults.take(method, path);
    if (fault && "delayMs" in fault) await sleep(fault.delayMs);
    if (fault && "drop" in fault && !fault.afterHandler) {
      entry.status = 0;
      return dropConnection(c);
    }
    if (fault && "status" in fault) {
      if (fault.retryAfter !== undefined) c.header("Retry-After", String(fault.retryAfter));
      entry.status = fault.status;
      const body =
        fault.body ??
        (fault.status === 429
          ? { error: "Request was throttled.", code: "rate_limited" }
          : { error: "Service temporarily unavailable", code: "server_error" });
      return c.json(body as object, fault.status as 500);
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
      c.header("Retry-After", String(wait));
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
    c.set("apiKey", key);
    await next();
  });

  const jsonBody = <T extends z.ZodType>(c: Context<Env>, schema: T): z.output<T> => {
    if (c.get("body") === Symbol.for("malformed")) {
      throw new EmulatorError(400, { detail: "JSON parse error - the request body is not valid JSON." });
    }
    const body = c.get("body") ?? {};
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new EmulatorError(400, { non_field_errors: ["Invalid data. Expected a dictionary."] });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new EmulatorError(400, fieldErrors(parsed.error, body as Record<string, unknown>));
    return parsed.data;
  };

  const numberParam = (c: Context<Env>): string => {
    const digits = c.req.param("number") ?? "";
    if (!NUMBER_IN_PATH.test(digits)) throw new EmulatorError(404, { detail: "Not found." });
    return digits;
  };

  api.get("/phone-numbers/", (c) =>
    // A bare array, unpaged, as the spec and live calls show (not the documented envelope).
    c.json(
      emulator.store.numbersOf(c.get("org")).map((n) => emulator.store.render(n, emulator.settings.shape)),
    ),
  );
  api.get("/phone-numbers/:number/", (c) =>
    c.json(
      emulator.store.render(emulator.store.numberOf(c.get("org"), numberParam(c)), emulator.settings.shape),
    ),
  );
  // The three routing calls. applyToExisting's default when omitted is undocumented; the SDK
  // comment says true.
  const routes = [
    {
      action: "subscribe",
      schema: subscribeBody,
      target: (b: Record<string, unknown>) => ({ kind: "webhook" as const, id: b.webhookId as string }),
    },
    {
      action: "connect-agent",
      schema: connectAgentBody,
      target: (b: Record<string, unknown>) => ({ kind: "agent" as const, id: b.agentId as string }),
    },
    { action: "unsubscribe", schema: unsubscribeBody, target: () => null },
  ];
  for (const { action, schema, target } of routes) {
    api.post(`/phone-numbers/:number/${action}/`, (c) => {
      const digits = numberParam(c);
      const body = jsonBody(c, schema) as Record<string, unknown> & { applyToExisting?: boolean };
      const number = emulator.store.route(
        c.get("org"),
        digits,
        target(body),
        body.applyToExisting ?? true,
        emulator.settings.sandboxMode,
      );
      return c.json(emulator.store.render(number, emulator.settings.shape));
    });
  }

  /** The documented list envelope with offset/limit paging. */
  const envelope = <T>(c: Context<Env>, items: T[]) => {
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
  };
  const renderAgent = (a: { id: string; name: string; icebreakers: string[] }) => ({
    id: a.id,
    name: a.name,
    icebreakers: a.icebreakers,
  });
  api.get("/agents/", (c) => envelope(c, emulator.store.agentsOf(c.get("org")).map(renderAgent)));
  api.get("/agents/:id/", (c) => {
    const agent = emulator.store.agentsOf(c.get("org")).find((a) => a.id === c.req.param("id"));
    if (!agent) throw new EmulatorError(404, { error: "Agent not found", code: "not_found" });
    return c.json(renderAgent(agent));
  });
  // Spec-only, read-only (webhooks are created in the dashboard). The spec includes the secret.
  api.get("/webhooks/", (c) =>
    envelope(
      c,
      emulator.store.webhooksOf(c.get("org")).map(({ organization, ...w }) => w),
    ),
  );
  api.get("/webhooks/:id/", (c) => {
    const webhook = emulator.store.webhooksOf(c.get("org")).find((w) => w.id === c.req.param("id"));
    if (!webhook) throw new EmulatorError(404, { error: "Webhook not found", code: "not_found" });
    const { organization, ...rest } = webhook;
    return c.json(rest);
  });
  api.get("/conversations/", (c) => {
    const filter = c.req.query("whatsappNumber");
    const conversations = emulator.store.conversationsOf(c.get("org"), filter || undefined);
    return envelope(
      c,
      conversations.map((conv) => emulator.store.renderConversation(conv)),
    );
  });

  app.route("/api/v1", api);

  // ---- Control routes (not part of the real API; no key, not counted, not limited) --------
  const control = new Hono<Env>({ strict: false });
  const controlBody = async (c: Context<Env>): Promise<unknown> => {
    try {
      return await c.req.json();
    } catch {
      throw new EmulatorError(400, { detail: "JSON body expected" });
    }
  };
  control.get("/state", (c) => c.json(emulator.store.data));
  control.post("/reset", (c) => {
    emulator.reset();
    return c.json({ ok: true });
  });
  control.get("/requests", (c) => c.json(emulator.requests()));
  control.delete("/requests", (c) => {
    emulator.clearRequests();
    return c.json({ ok: true });
  });
  control.post("/faults", async (c) => c.json(emulator.addFault(await controlBody(c)), 201));
  control.get("/faults", (c) => c.json(emulator.faults.pending()));
  control.delete("/faults", (c) => {
    emulator.faults.clear();
    return c.json({ ok: true });
  });
  control.put("/chaos", async (c) => c.json(emulator.setChaos(await controlBody(c)) ?? null));
  control.delete("/chaos", (c) => {
    emulator.setChaos(undefined);
    return c.json({ ok: true });
  });
  control.patch("/settings", async (c) => {
    const patch = z
      .object({
        rateLimit: z.number().int().min(1).optional(),
        latencyMs: z.number().int().min(0).optional(),
        sandboxMode: z.enum(["scoped", "reject"]).optional(),
        shape: z.enum(["docs", "sdk"]).optional(),
      })
      .strict()
      .parse(await controlBody(c));
    Object.assign(emulator.settings, patch);
    return c.json(emulator.settings);
  });
  control.post("/phone-numbers/:number/routing", async (c) => {
    const body = outOfBandBody.parse(await controlBody(c));
    const target =
      body.routing === "webhook"
        ? (body.webhookId ?? null)
        : body.routing === "agent"
          ? (body.agentId ?? null)
          : null;
    const number = emulator.store.setRoutingOutOfBand(c.req.param("number"), body.routing, target);
    return c.json(emulator.store.render(number, "docs"));
  });
  control.post("/phone-numbers", async (c) => {
    const body = z
      .object({ number: z.string() })
      .loose()
      .parse(await controlBody(c));
    try {
      return c.json(emulator.addPhoneNumber(body), 201);
    } catch (err) {
      if (err instanceof z.ZodError) throw err;
      throw new EmulatorError(409, { error: (err as Error).message, code: "conflict" });
    }
  });
  control.delete("/phone-numbers/:number", (c) =>
    c.json({ removed: emulator.removePhoneNumber(c.req.param("number")) }),
  );
  control.delete("/webhooks/:id", (c) => c.json({ removed: emulator.removeWebhook(c.req.param("id")) }));
  control.delete("/agents/:id", (c) => c.json({ removed: emulator.removeAgent(c.req.param("id")) }));

  app.route("/_emulator", control);
  return app;
}
