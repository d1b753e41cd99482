// The wassist policy pack, as `pulumi preview --policy-pack node_modules/pulumi-wassist/policy`
// loads it: the rules are in ../dist/provider/policy/pack.js (source: provider/policy/pack.ts).
require("../dist/provider/policy/pack.js").wassistPolicyPack();
