import type { Page } from 'playwright-core';

/**
 * Drags a palette item onto the dashboard grid with the real mouse, in several steps as a hand
 * does: the dragovers after the first see the grid as the target, whatever a widget under the
 * pointer redraws meanwhile. `x`, `y` are relative to the grid's top-left corner.
 */
export async function dragFromPalette(page: Page, kind: string, x: number, y: number): Promise<void> {
  const grid = await page.getByTestId('dashboard-grid').boundingBox();
  if (grid === null) throw new Error('the dashboard grid is not on the page');
  await page.locator(`[data-palette-kind=${kind}]`).hover();
  await page.mouse.down();
  await page.mouse.move(grid.x + x, grid.y + y, { steps: 5 });
  await page.mouse.up();
}
