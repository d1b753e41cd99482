// The `wassist` provider plugin's schema and bulk import (tests, tools). Programs use the SDK the
// schema generates: `pulumi-wassist/plugin` is sdk/nodejs, compiled (see scripts/sdk.ts).
export { importFile } from "./discover";
export { PACKAGE, packageSchema, RESOURCE_TOKEN } from "./schema";
