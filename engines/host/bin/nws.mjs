#!/usr/bin/env node
// Entry point of the `nws` command. The CLI is TypeScript; load-cli.mjs runs it (bundled and
// cached for a fast start, or through tsx).
import { loadCli } from './load-cli.mjs';

const { runCli } = await loadCli('cli');
process.exitCode = await runCli(process.argv.slice(2));
