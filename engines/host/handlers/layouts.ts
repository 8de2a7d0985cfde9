// `layouts.*`: the desktop app's named dashboard layouts, kept as one JSON setting in the
// StateStore (SQLite). The Host stores documents without interpreting them: the renderer owns the
// layout schema and repairs what it loads (restoreLayout).
import { z } from 'zod';
import type { HandlerParams, HandlerResult } from '@nws/core';
import type { StateStore } from '@nws/storage';

/** The settings key holding every layout. */
export const LAYOUTS_SETTING_KEY = 'ui.layouts';

const storedLayouts = z.record(z.string(), z.object({ updatedAt: z.number(), layout: z.record(z.string(), z.unknown()) }));
type StoredLayouts = z.infer<typeof storedLayouts>;

export class LayoutRepository {
  constructor(
    private readonly state: () => StateStore,
    private readonly now: () => number = Date.now,
  ) {}

  list(): HandlerResult<'layouts.list'> {
    const stored = this.read();
    const layouts = Object.entries(stored)
      .map(([name, entry]) => ({ name, updatedAt: entry.updatedAt, layout: entry.layout }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { layouts };
  }

  save(params: HandlerParams<'layouts.save'>): HandlerResult<'layouts.save'> {
    const stored = this.read();
    const updatedAt = this.now();
    stored[params.name] = { updatedAt, layout: params.layout };
    this.state().setSetting(LAYOUTS_SETTING_KEY, stored);
    return { name: params.name, updatedAt };
  }

  delete(params: HandlerParams<'layouts.delete'>): HandlerResult<'layouts.delete'> {
    const stored = this.read();
    if (!Object.hasOwn(stored, params.name)) return { deleted: false };
    delete stored[params.name];
    this.state().setSetting(LAYOUTS_SETTING_KEY, stored);
    return { deleted: true };
  }

  /** A damaged setting (hand-edited, older format) reads as no layouts rather than failing the app. */
  private read(): StoredLayouts {
    const raw = this.state().getSetting(LAYOUTS_SETTING_KEY);
    const parsed = storedLayouts.safeParse(raw ?? {});
    return parsed.success ? { ...parsed.data } : {};
  }
}
