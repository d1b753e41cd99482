// provider/undiciParts.ts loads three modules of undici by path instead of its entry point. They
// must be the very objects the entry point exports (same pinned package), so the client behaves
// as with `import { Pool, interceptors } from "undici"`.
import * as undici from "undici";
import { expect, test } from "vitest";
import { Pool, request, retryInterceptor } from "../provider/undiciParts";
import { useEmulator } from "./helpers/emulator";

const emu = useEmulator();

test("Pool and the retry interceptor are undici's exported ones", () => {
  expect(Pool).toBe(undici.Pool);
  expect(retryInterceptor).toBe(undici.interceptors.retry);
});

test("request() sends through a composed pool as dispatcher.request does", async () => {
  const pool = new Pool(emu.current.url);
  try {
    const composed = pool.compose(retryInterceptor());
    const list = {
      path: "/api/v1/phone-numbers/",
      method: "GET",
      headers: { "x-api-key": "wsk_demo_acme_0123456789" },
    } as const;
    const ours = await request(composed, list);
    const theirs = await composed.request(list);
    expect(ours.statusCode).toBe(200);
    expect(await ours.body.json()).toEqual(await theirs.body.json());
  } finally {
    await pool.close();
  }
});
