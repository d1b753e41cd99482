// Loaded at run time by the `__provider` text of every resource (shim.ts), inside Pulumi's
// dynamic-provider process, as `require("pulumi-wassist/provider/runtime")`. This module path is a compatibility contract:
// resources created by any version of the package find their implementation here, so an upgrade
// of the package upgrades refresh and delete of old resources too. One provider per process.
import { PhoneNumberRoutingProvider } from "./provider";

export const provider = new PhoneNumberRoutingProvider();
