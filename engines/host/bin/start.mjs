#!/usr/bin/env node
// `npm start`: the desktop app if Electron is installed, else browser mode (see ../launch.ts).
import { loadCli } from './load-cli.mjs';

const { launch } = await loadCli('launch');
const { processOutput } = await loadCli('cli');
process.exitCode = await launch(process.argv.slice(2), processOutput);
