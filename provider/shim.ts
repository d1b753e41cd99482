// The object that `dynamic.Resource` serializes into every resource's state as `__provider`.
// It holds nothing but calls into the installed package, required at run time: no library
// object, no config and no secret is captured (see ../shared/pulumi-notes.md, "Serialization").
import type { dynamic } from "@pulumi/pulumi";

// One object for every resource: Pulumi caches the serialized text per provider object, so a
// new object per resource would be serialized again for each one (slow at hundreds of numbers).
export const routingProviderShim: dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-wassist/provider/runtime").provider.configure(req),
  check: (olds, news) => require("pulumi-wassist/provider/runtime").provider.check(olds, news),
  diff: (id, olds, news) => require("pulumi-wassist/provider/runtime").provider.diff(id, olds, news),
  create: (inputs) => require("pulumi-wassist/provider/runtime").provider.create(inputs),
  read: (id, props) => require("pulumi-wassist/provider/runtime").provider.read(id, props),
  update: (id, olds, news) => require("pulumi-wassist/provider/runtime").provider.update(id, olds, news),
  delete: (id, props) => require("pulumi-wassist/provider/runtime").provider.delete(id, props),
};
