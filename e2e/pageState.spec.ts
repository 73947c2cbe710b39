// Every page on the method-page scaffold keeps its state in the URL and is usable by keyboard:
// a URL of non-default values shows in the fields and survives a reload, a field edited by keyboard
// writes the URL, and Tab reaches every visible control of the page (nothing needs a mouse).
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { expectEveryControlReachable } from './keyboard.ts';

interface PageCase {
  path: string;
  /** Field labels and the values the URL above must put in them. */
  fields: [label: string, value: string][];
  /** A field edited by keyboard, what is typed, and the URL it must give. */
  edit: [label: string, typed: string, url: RegExp];
  /** A button that is enabled once the page can run. */
  ready?: string;
  /** A test id that shows once the page's own first generation is done (its fields are disabled while it runs). */
  settled?: string;
}

const PAGES: PageCase[] = [
  {
    path: '/attention?prompt=7%2B8%3D&temperature=0.5&topK=5&seed=9&max=6',
    fields: [
      ['temperature (0 = greedy)', '0.5'],
      ['top-k (0 = off)', '5'],
      ['seed', '9'],
      ['max new tokens', '6'],
    ],
    edit: ['top-p', '0.9', /topP=0\.9/],
    settled: 'candidate-bars',
  },
  {
    path: '/microscope?temperature=0.7&topP=0.8&minP=0.02&max=30&tau=0.3&craeg=off',
    fields: [
      ['temperature (0 = greedy)', '0.7'],
      ['top-p', '0.8'],
      ['min-p (0 = off)', '0.02'],
      ['max new tokens', '30'],
      ['τ (crowding floor)', '0.3'],
    ],
    edit: ['seed', '12', /seed=12/],
  },
  {
    path: '/multiplex?K=4&merge=averaged&temperature=1.3&seed=5&max=90',
    fields: [
      ['K draws (1–8)', '4'],
      ['merge', 'averaged'],
      ['temperature (0 = greedy)', '1.3'],
      ['max new tokens', '90'],
    ],
    edit: ['top-p', '0.95', /topP=0\.95/],
  },
  {
    path: '/rl?difficulty=3&mode=think&G=12&prompts=3&max=80&lr=0.0002&K=2&merge=averaged&klKind=k1',
    fields: [
      ['level', '3'],
      ['group size G', '12'],
      ['prompts per step', '3'],
      ['max new tokens', '80'],
      ['learning rate', '0.0002'],
      ['multiplex K (1: discrete)', '2'],
      ['merge', 'averaged'],
      ['KL estimator', 'k1'],
    ],
    edit: ['steps', '25', /steps=25/],
    ready: 'Start RL',
  },
  {
    path: '/trainer?from=random&preset=tiny&steps=33&rows=96&batch=12&digits=3',
    fields: [
      ['steps', '33'],
      ['row length', '96'],
      ['rows', '12'],
      ['max digits', '3'],
    ],
    edit: ['peak lr', '0.002', /lr=0\.002/],
    ready: 'Start training',
  },
  {
    path: '/tasks?world=arithmetic&difficulty=3&seed=11&count=2',
    fields: [
      ['seed', '11'],
      ['examples (1–8)', '2'],
    ],
    edit: ['seed', '12', /seed=12/],
  },
];

/** A field by the start of its label (a select's label also holds its chosen option's text). */
const field = (page: Page, label: string) =>
  page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

for (const { path, fields, edit, ready, settled } of PAGES) {
  const name = path.split('?')[0];
  test(`${name}: the URL's values show, survive a reload, a keyboard edit writes the URL, Tab reaches every control`, async ({
    page,
    watch,
  }) => {
    await page.goto(path);
    await expect(page.getByTestId('model-badge')).toBeVisible({ timeout: 60_000 });
    for (const [label, value] of fields) await expect(field(page, label)).toHaveValue(value);
    await page.reload();
    for (const [label, value] of fields) await expect(field(page, label)).toHaveValue(value);

    const [label, typed, url] = edit;
    const edited = field(page, label);
    if (settled) await expect(page.getByTestId(settled)).toBeVisible({ timeout: 60_000 });
    await expect(edited).toBeEnabled({ timeout: 60_000 });
    await edited.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(typed);
    await expect(page).toHaveURL(url);
    await page.keyboard.press('Tab');
    await expect(edited).toHaveValue(typed);

    // Controls wait for the model (the header's model choice, Start): Tab once they can be used.
    await expect(page.getByLabel('Model', { exact: true })).toBeEnabled({ timeout: 60_000 });
    if (ready) await expect(page.getByRole('button', { name: ready, exact: true })).toBeEnabled();
    await expectEveryControlReachable(page);
    expect(watch.pageErrors).toEqual([]);
  });
}
