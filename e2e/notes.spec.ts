// The method notes in the app: the index lists every method, a note opens in the app from the
// index and from its method page, links to the paper leave the lab, and an unknown note says so.
import { expect, test } from './fixtures.ts';

test('the method notes open from the index and from a method page, without reloading the lab', async ({
  page,
  watch,
}) => {
  await page.goto('/notes');
  const note = page.getByTestId('method-note');
  await expect(note.getByRole('heading', { name: 'Method notes', level: 1 })).toBeVisible();
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });
  await note.getByRole('link', { name: 'craeg.md' }).click();
  await expect(page).toHaveURL(/\/notes\/craeg$/);
  await expect(note.getByRole('heading', { name: /CraEG/, level: 1 })).toBeVisible();
  await expect(note.getByRole('link', { name: /arXiv:2601\.22536/ })).toHaveAttribute('target', '_blank');
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  await page.goto('/microscope');
  await page.getByTestId('method-note-link').getByRole('link').click();
  await expect(page).toHaveURL(/\/notes\/craeg$/);
  await expect(note.locator('[id="4-the-miniature-task-and-measurement"]')).toBeVisible();
  expect(watch.pageErrors).toEqual([]);
});

test('an unknown note is named and links to the index', async ({ page }) => {
  await page.goto('/notes/nope');
  await expect(page.getByRole('heading', { name: 'No such note' })).toBeVisible();
  await expect(page.getByText('There is no method note “nope”')).toBeVisible();
  await page.getByRole('link', { name: 'See every note' }).click();
  await expect(page).toHaveURL(/\/notes$/);
});
