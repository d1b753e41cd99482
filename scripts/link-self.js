// Links node_modules/pulumi-wassist to this checkout, so that Pulumi programs in this repo (the
// demo, examples/, the engine tests) resolve `pulumi-wassist` the way an installed copy would:
// the serialized provider shim requires "pulumi-wassist/provider/runtime" at run time.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-wassist");
if (fs.existsSync(path.join(root, "node_modules"))) {
  try {
    const current = fs.readlinkSync(link);
    if (path.resolve(path.dirname(link), current) === root) process.exit(0);
    fs.rmSync(link, { force: true });
  } catch {
    fs.rmSync(link, { recursive: true, force: true });
  }
  fs.symlinkSync("..", link, "dir");
}
