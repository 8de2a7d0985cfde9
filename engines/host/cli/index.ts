// The `nws` command line. Each command lives in cli/commands/<name>.ts and registers itself on the
// program; cli/commands/index.ts lists them. Usage errors exit 2 with one line naming the bad
// argument, failures exit 1 with the NwsError message, success exits 0.
//
// Start-up time matters (`nws serve` should be ready within 1.5 s): this file and each command's
// register() load only commander; a command's action imports the engines it needs when it runs.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { commandModules } from './commands/index.js';
import { ExitCode } from './exit-codes.js';
import { HOST_VERSION } from '../version.js';

/** Where a command writes; tests and embedding callers can capture it. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: CliOutput = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

export function buildProgram(output: CliOutput = processOutput): Command {
  const program = new Command('nws')
    .description('Nautilus Workstation: run the Host, inspect and manage its data directory.')
    .version(HOST_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: output.out,
      writeErr: output.err,
      outputError: (message, write) => write(`nws: ${message.trimEnd()}\n`),
    })
    // Throw instead of exiting so runCli decides the exit code; subcommands inherit this setting
    // because they are created with program.command() after it.
    .exitOverride();
  for (const module of commandModules) module.register(program, output);
  return program;
}

/** Runs the CLI with arguments after the program name; resolves to the process exit code. */
export async function runCli(args: readonly string[], output: CliOutput = processOutput): Promise<ExitCode> {
  const program = buildProgram(output);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return ExitCode.Ok;
  } catch (error) {
    // Commander prints the errors it raises while parsing; one a command's action throws (a bad
    // combination of options found after parsing) reaches us unprinted.
    if (error instanceof InvalidArgumentError) output.err(`nws: ${error.message}\n`);
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    output.err(`nws: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.Failed;
  }
}
