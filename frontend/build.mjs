// Builds the card bundle (default), the demo page's script (--demo), or bundles the
// unit tests and runs them with Node's test runner (--tests).
//
//   node build.mjs [--outfile PATH]   the committed bundle, or a copy elsewhere
//   node build.mjs --demo [--outfile PATH]  demo/dist/demo.js for demo/index.html
//   node build.mjs --tests            type-check, then test/*.test.ts through `node --test`
//
// The bundle is byte-for-byte reproducible: no source map, no paths, no dates inside.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const bundlePath = resolve(here, "../custom_components/ejoin/frontend/ejoin-gateway-card.js");

const { values } = parseArgs({
  options: {
    outfile: { type: "string" },
    demo: { type: "boolean", default: false },
    tests: { type: "boolean", default: false },
  },
});

const shared = { absWorkingDir: here, bundle: true, logLevel: "warning" };

if (values.tests) {
  const typescript = join(here, "node_modules", "typescript", "bin", "tsc");
  const check = spawnSync(process.execPath, [typescript, "--noEmit", "-p", here], { stdio: "inherit" });
  if (check.status !== 0) {
    console.error("frontend: type check failed");
    process.exit(check.status ?? 1);
  }
  const outdir = mkdtempSync(join(tmpdir(), "ejoin-card-tests-"));
  try {
    const tests = readdirSync(join(here, "test")).filter((name) => name.endsWith(".test.ts"));
    await esbuild.build({
      ...shared,
      entryPoints: tests.map((name) => join("test", name)),
      outdir,
      outExtension: { ".js": ".mjs" },
      platform: "node",
      format: "esm",
      target: "node20",
      external: ["node:*"],
    });
    const files = readdirSync(outdir).map((name) => join(outdir, name));
    const run = spawnSync(process.execPath, ["--test", "--test-reporter=spec", ...files], { stdio: "inherit" });
    process.exitCode = run.status ?? 1;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
} else if (values.demo) {
  await esbuild.build({
    ...shared,
    entryPoints: ["demo/demo.ts"],
    outfile: resolve(values.outfile ?? join(here, "demo", "dist", "demo.js")),
    format: "iife",
    target: "es2022",
    sourcemap: "inline",
  });
} else {
  await esbuild.build({
    ...shared,
    entryPoints: ["src/ejoin-gateway-card.ts"],
    outfile: resolve(values.outfile ?? bundlePath),
    format: "esm",
    // Home Assistant's modern frontend build targets current browsers; decorators are
    // lowered since no browser runs them natively yet.
    target: "es2022",
    minify: true,
    sourcemap: false,
    legalComments: "eof",
    charset: "ascii",
  });
}
