// What every PhoneNumberRouting stores in state as `__provider`: the text Pulumi's
// dynamic-provider host loads (with require-from-string) and whose `handler()` must return the
// provider. It holds nothing but a require of the installed package, resolved at run time:
//  - no library object, no config and no secret is captured (Pulumi serializes what the provider
//    object captures into the state);
//  - upgrading the package upgrades refresh and delete of resources created by older versions
//    ("pulumi-wassist/provider/runtime" is therefore a compatibility contract);
//  - it is 80 bytes. Serializing a forwarding object with Pulumi's closure serializer gave
//    2.2 KB, stored twice per resource (inputs and outputs) and rewritten with every checkpoint,
//    which made `pulumi up` of 500 numbers take twice as long as an engine-only baseline.
export const PROVIDER_SHIM = 'exports.handler = () => require("pulumi-wassist/provider/runtime").provider;\n';
