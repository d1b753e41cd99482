// The emulator's HTTP surface (Hono), in two sub-apps: the Wassist API under /api/v1/
// (http/apiRoutes.ts) and the control routes under /_emulator/ (http/controlRoutes.ts). Here:
// the request id every answer carries, and one translation of errors into DRF answers
// (http/errors.ts).
import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import type { Emulator } from "./emulator";
import { type ApiEnv, apiRoutes } from "./http/apiRoutes";
import { controlRoutes } from "./http/controlRoutes";
import { answerFor } from "./http/errors";

export function createApp(emulator: Emulator): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: true });
  app.onError((err, c) => {
    const { status, body } = answerFor(err);
    return c.json(body, status);
  });
  app.notFound((c) => c.json({ detail: "Not found." }, 404));
  app.use("*", async (c, next) => {
    const requestId = randomUUID();
    c.set("requestId", requestId);
    await next();
    // A scripted answer may bring its own (tests of what the client does with it).
    if (!c.res.headers.has("X-Request-Id")) c.res.headers.set("X-Request-Id", requestId);
  });
  app.route("/api/v1", apiRoutes(emulator));
  app.route("/_emulator", controlRoutes(emulator));
  return app;
}
