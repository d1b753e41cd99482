// The three parts of undici the client uses, loaded by their module paths. `require("undici")`
// loads all of undici (fetch, WebSocket, EventSource, cache stores, mocks, proxies): ~8 MiB
// resident in the dynamic-provider process, against ~1 MiB for these three modules (measured with
// @pulumi/pulumi loaded; README "Performance"). The paths are undici's own layout, fixed by the
// exact version package.json pins; the client suites (test/client.*.test.ts) drive all three, and
// test/client.undiciParts.test.ts checks they are the entry point's own objects.
import type { Dispatcher, interceptors, Pool as PoolClass } from "undici";

export const Pool = require("undici/lib/dispatcher/pool") as typeof PoolClass;
export const retryInterceptor = require("undici/lib/interceptor/retry") as typeof interceptors.retry;

const apiRequest = require("undici/lib/api/api-request") as (
  this: Dispatcher,
  options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;

/** `dispatcher.request(options)`, which undici's entry point would have installed on every dispatcher. */
export function request(
  dispatcher: Dispatcher,
  options: Dispatcher.RequestOptions,
): Promise<Dispatcher.ResponseData> {
  return apiRequest.call(dispatcher, options);
}
