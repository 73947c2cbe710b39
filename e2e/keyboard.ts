// Keyboard reachability for e2e: Tab from wherever focus is, round the end of the page and back,
// marking every element that takes focus; then no visible, enabled control may be left unmarked.
import { expect, type Page } from '@playwright/test';

async function tabRound(page: Page): Promise<void> {
  for (let i = 0; i < 600; i++) {
    await page.keyboard.press('Tab');
    const again = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return false;
      if (element.dataset.tabSeen === 'yes') return true;
      element.dataset.tabSeen = 'yes';
      return false;
    });
    if (again) return;
  }
}

/** Every visible, enabled link, button, field, summary and focusable region takes focus by Tab. */
export async function expectEveryControlReachable(page: Page): Promise<void> {
  await tabRound(page);
  const unreached = await page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        'a[href], button, input, select, textarea, summary, [tabindex]',
      ),
    ]
      .filter((e) => e.tabIndex >= 0 && !(e as HTMLButtonElement).disabled && e.checkVisibility())
      .filter((e) => e.dataset.tabSeen !== 'yes')
      .map((e) => e.outerHTML.slice(0, 120)),
  );
  expect(unreached).toEqual([]);
}
