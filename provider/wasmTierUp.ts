// Memory of the dynamic-provider process. undici parses HTTP/1.1 with llhttp compiled to
// WebAssembly. V8 compiles it with its baseline compiler (Liftoff) and, as soon as the parser's
// state machine runs hot (during the first response), recompiles it with its optimizing compiler
// (TurboFan) on a background thread. That one compilation peaks at ~30 MiB of native memory: more
// than everything else pulumi-wassist adds to the process (measured: `npm run bench`, README
// "Performance"). The answers parsed here are small JSON documents, so baseline code serves them
// as well; `--liftoff-only` keeps V8 from tiering WebAssembly up. It has to be set before undici
// compiles llhttp, which it does at its first connection: runtime.ts imports this module first.
// The flag is process-wide (it applies to any WebAssembly other dynamic providers of the same
// program compile after it); WASSIST_WASM_TIER_UP=1 leaves V8's default.
import { setFlagsFromString } from "node:v8";

if (process.env.WASSIST_WASM_TIER_UP !== "1") setFlagsFromString("--liftoff-only");
