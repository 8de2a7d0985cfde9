// API keys live in a SecretStore, never in settings or the repo. In Electron the Host backs this
// with safeStorage (OS keychain); in browser mode and the CLI, with a JSON file readable only by
// its owner (mode 0600). Values are never logged: only names appear in messages.
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ErrorCode, NwsError } from '@nws/core';

export interface SecretStore {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** Secret names used by the providers (one place, so Settings and providers agree). */
export const secretNames = Object.freeze({
  alphavantage: 'marketdata.alphavantage.apiKey',
  fred: 'marketdata.fred.apiKey',
  tradingeconomics: 'marketdata.tradingeconomics.apiKey',
  datagov: 'marketdata.datagov.apiKey',
});

const secretNamePattern = /^[A-Za-z0-9._-]{1,128}$/;

function checkName(name: string): void {
  if (!secretNamePattern.test(name)) {
    throw new NwsError(ErrorCode.InvalidArgument, `invalid secret name "${name}": use 1–128 letters, digits, dot, dash or underscore`);
  }
}

function checkValue(name: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new NwsError(ErrorCode.InvalidArgument, `secret "${name}" must be a non-empty string`);
  }
}

export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();

  constructor(initial: Readonly<Record<string, string>> = {}) {
    for (const [name, value] of Object.entries(initial)) {
      checkName(name);
      checkValue(name, value);
      this.values.set(name, value);
    }
  }

  async get(name: string): Promise<string | undefined> {
    checkName(name);
    return this.values.get(name);
  }

  async set(name: string, value: string): Promise<void> {
    checkName(name);
    checkValue(name, value);
    this.values.set(name, value);
  }

  async delete(name: string): Promise<void> {
    checkName(name);
    this.values.delete(name);
  }
}

/**
 * Secrets in one JSON object on disk, mode 0600. Writes go to a temporary file that is renamed
 * over the old one, so a crash mid-write never leaves a half-written file.
 */
export class FileSecretStore implements SecretStore {
  // Serialises read-modify-write cycles from concurrent set/delete calls.
  private pending: Promise<unknown> = Promise.resolve();

  constructor(private readonly path: string) {}

  async get(name: string): Promise<string | undefined> {
    checkName(name);
    await this.pending;
    return (await this.readAll())[name];
  }

  async set(name: string, value: string): Promise<void> {
    checkName(name);
    checkValue(name, value);
    return this.update((all) => ({ ...all, [name]: value }));
  }

  async delete(name: string): Promise<void> {
    checkName(name);
    return this.update((all) => {
      const { [name]: _removed, ...rest } = all;
      return rest;
    });
  }

  private update(change: (all: Record<string, string>) => Record<string, string>): Promise<void> {
    const next = this.pending.then(async () => this.writeAll(change(await this.readAll())));
    this.pending = next.catch(() => undefined);
    return next;
  }

  private async readAll(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new NwsError(ErrorCode.StorageError, `cannot read the secrets file ${this.path}: ${(error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Do not echo the content: it is secrets.
      throw new NwsError(ErrorCode.StorageError, `the secrets file ${this.path} is not valid JSON`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new NwsError(ErrorCode.StorageError, `the secrets file ${this.path} must hold a JSON object`);
    }
    const entries = Object.entries(parsed as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    );
    return Object.fromEntries(entries);
  }

  private async writeAll(all: Record<string, string>): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(all, null, 2), { mode: 0o600 });
    await chmod(temporary, 0o600); // mode above is masked by umask; make it exact
    await rename(temporary, this.path);
  }
}
