import { ErrorCode, NwsError } from '@nws/core';

/**
 * One numbered schema step. Versions start at 1 and rise by one; a released migration is never
 * edited, a change to the schema is a new entry at the end of the list.
 */
export interface Migration {
  readonly version: number;
  /** kebab-case summary, e.g. `order-journal`; stored beside the version for humans. */
  readonly name: string;
  /** One or more SQL statements, run inside the migration's transaction. */
  readonly sql: string;
}

/** Refuses a list whose versions are not exactly 1, 2, 3, ... (a gap or a duplicate is a bug). */
export function checkMigrationList(migrations: readonly Migration[], store: string): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new NwsError(
        ErrorCode.InvalidConfig,
        `${store} migration '${migration.name}' has version ${migration.version}; expected ${index + 1} (versions must be 1, 2, 3, ... without gaps)`,
      );
    }
  });
}

/** The newest version a build knows; 0 for an empty list. */
export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
}

export function newerFileError(store: string, file: string, fileVersion: number, buildVersion: number): NwsError {
  return new NwsError(
    ErrorCode.StorageError,
    `${store} ${file} has schema version ${fileVersion}, newer than this build knows (${buildVersion}); open it with a newer Nautilus Workstation`,
    { file, fileVersion, buildVersion },
  );
}
