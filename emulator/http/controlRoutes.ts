// The control routes under /_emulator/ (not part of the real API; no key, not counted, not
// limited): tests and the demo read the state and the request log, script faults and chaos,
// change settings, and make out-of-band changes as a person in the dashboard would.
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { Emulator } from "../emulator";
import { HttpError } from "./errors";
import { renderNumber } from "./render";

const settingsPatch = z
  .object({
    rateLimit: z.number().int().min(1).optional(),
    latencyMs: z.number().int().min(0).optional(),
    sandboxMode: z.enum(["scoped", "reject"]).optional(),
    shape: z.enum(["nested", "flat"]).optional(),
    throttleWait: z.enum(["header", "body"]).optional(),
  })
  .strict();
const outOfBandBody = z.object({
  // "none" and null both mean paused (the dashboard's word, and the API's value).
  routing: z
    .enum(["webhook", "agent", "none"])
    .nullable()
    .transform((r) => (r === "none" ? null : r)),
  webhookId: z.string().optional(),
  agentId: z.string().optional(),
});
const newNumberBody = z.object({ number: z.string() }).loose();

async function jsonOf(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new HttpError(400, { detail: "JSON body expected" });
  }
}

export function controlRoutes(emulator: Emulator): Hono {
  const control = new Hono();
  const ok = (c: Context) => c.json({ ok: true });
  control.get("/state", (c) => c.json(emulator.data));
  control.post("/reset", (c) => {
    emulator.reset();
    return ok(c);
  });
  control.get("/requests", (c) => c.json(emulator.requests()));
  control.delete("/requests", (c) => {
    emulator.clearRequests();
    return ok(c);
  });
  control.post("/faults", async (c) => c.json(emulator.addFault(await jsonOf(c)), 201));
  control.get("/faults", (c) => c.json(emulator.faults.pending()));
  control.delete("/faults", (c) => {
    emulator.faults.clear();
    return ok(c);
  });
  control.put("/chaos", async (c) => c.json(emulator.setChaos(await jsonOf(c)) ?? null));
  control.delete("/chaos", (c) => {
    emulator.setChaos(undefined);
    return ok(c);
  });
  control.patch("/settings", async (c) => {
    Object.assign(emulator.settings, settingsPatch.parse(await jsonOf(c)));
    return c.json(emulator.settings);
  });
  control.post("/phone-numbers/:number/routing", async (c) => {
    const body = outOfBandBody.parse(await jsonOf(c));
    const target =
      body.routing === "webhook"
        ? (body.webhookId ?? null)
        : body.routing === "agent"
          ? (body.agentId ?? null)
          : null;
    // Paused with a webhookId or agentId: paused with that target still attached.
    const attached = body.routing === null ? { webhookId: body.webhookId, agentId: body.agentId } : {};
    const number = emulator.setRoutingOutOfBand(c.req.param("number"), body.routing, target, attached);
    return c.json(renderNumber(emulator.data, number, emulator.settings.shape));
  });
  control.post("/phone-numbers", async (c) =>
    c.json(emulator.addPhoneNumber(newNumberBody.parse(await jsonOf(c))), 201),
  );
  control.delete("/phone-numbers/:number", (c) =>
    c.json({ removed: emulator.removePhoneNumber(c.req.param("number")) }),
  );
  control.delete("/webhooks/:id", (c) => c.json({ removed: emulator.removeWebhook(c.req.param("id")) }));
  control.delete("/agents/:id", (c) => c.json({ removed: emulator.removeAgent(c.req.param("id")) }));
  return control;
}
