// The README's configuration table is generated from provider/config.ts: one source of truth.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { SETTINGS } from "../provider/config";

test("the README's configuration table lists exactly the provider's settings", () => {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  const block = readme
    .slice(readme.indexOf("<!-- settings:start -->") + 23, readme.indexOf("<!-- settings:end -->"))
    .trim();
  const rows = SETTINGS.map((s) => `| \`${s.key}\` | \`${s.env}\` | ${s.default} | ${s.about} |`);
  expect(block).toBe(
    ["| config key | environment | default | meaning |", "| --- | --- | --- | --- |", ...rows].join("\n"),
  );
});

test("the README's Quickstart says exactly the two commands", () => {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  expect(readme).toContain("## Quickstart\n\n```sh\nnpm install && npm run demo\nnpm test\n```");
});
