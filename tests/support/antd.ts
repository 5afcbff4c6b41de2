/**
 * antd 6 controls driven as a person does, so that browser tests hold on a busy machine (CI: 2 cores, two
 * Chromiums, the engine and PostgreSQL at once). The races these helpers remove:
 * - a Select's options read right after the click: the previous Select's dropdown may still be visible while
 *   it closes (its options get mixed in), or the new one is not open yet (empty list). Here a Select's OWN
 *   dropdown is found through its input's `aria-controls` (rc-select renders the listbox `#<id>_list` inside
 *   that Select's popup), and its options are read only once the popup has finished its opening animation
 *   and the list stays the same between two reads;
 * - a click on a Select that did not open it, or an option click that did not take: made again (three tries);
 * - Escape pressed when no dropdown is open closes the drawer around it (antd's drawers close on Escape):
 *   a dropdown is closed with Escape only while its input says it is expanded;
 * - acting in a drawer or modal during its opening animation, or matching one that is closing:
 *   `openedDrawer` / `openedModal` wait for the open one to settle and give a locator that never matches a
 *   closing one.
 * No sleeps: every wait is a poll of what the page shows, with a generous timeout.
 *
 * What is here: `selectLabelled` (a Select by its label), `openSelect` / `closeSelect`, `selectOptions`,
 * `choose`, `openedDrawer`, `openedModal`, `clickUntil`. A Select is given as its `.ant-select` root or any
 * element inside it (e.g. `page.getByLabel('Add to Stage')`, its input). antd's option list is virtual: only
 * the options in view (eight or so) are in the page, so `selectOptions` reads those and `choose` finds those.
 *
 *   const drawer = await openedDrawer(page, 'New field on account');
 *   await choose(selectLabelled(drawer, 'Type'), 'Integer');
 *   expect(await selectOptions(selectLabelled(drawer, 'Group by'))).toEqual(['Priority (priority)', 'Stage (stage)']);
 *   await clickUntil(drawer.getByRole('button', { name: 'Test' }), drawer.locator('.rule-test-result'));
 */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** How long a control may take to settle on a busy machine. */
export const SETTLE = { timeout: 15_000 };

/** How many times an open, a choice or a click whose effect did not show is made. */
const ATTEMPTS = 3;

/** Animation classes of antd/rc-motion (`-enter`, `-appear`, `-leave`, and `-hidden` once closed). */
const MOVING = /-(enter|appear|leave)(-|\b)|-hidden\b/;

/**
 * The antd Select whose label (Form.Item label, aria-label or aria-labelledby of its input) is exactly
 * `label`, inside `scope` (a drawer, a modal, the page).
 */
export function selectLabelled(scope: Locator | Page, label: string): Locator {
  // `has` is looked for inside each `.ant-select`, so it must start from the page, not from `scope`.
  const page = 'waitForTimeout' in scope ? scope : scope.page();
  return scope.locator('.ant-select', { has: page.getByLabel(label, { exact: true }) });
}

/** The `.ant-select` root of `select`, which may be the root itself or any element inside it (its input). */
function rootOf(select: Locator): Locator {
  return select.locator('xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
}

/** The combobox input of a Select: its `aria-expanded` and `aria-controls` tell whether and where it is open. */
function comboboxOf(select: Locator): Locator {
  return rootOf(select).locator('[role="combobox"]').first();
}

interface PopupState {
  settled: boolean;
  titles: string[];
  empty: boolean;
  box: string;
}

/** What the popup owning the listbox `listId` shows right now (null when it is not there). */
async function popupState(page: Page, listId: string): Promise<PopupState | null> {
  const list = page.locator(`[id="${listId}"]`);
  if ((await list.count()) === 0) return null;
  return list.first().evaluate((el, moving) => {
    const popup = el.closest('.ant-select-dropdown');
    if (!popup) return null;
    const rect = popup.getBoundingClientRect();
    const visible = rect.width > 0 && rect.height > 0 && popup.checkVisibility({ visibilityProperty: true });
    const options = popup.querySelectorAll('.ant-select-item-option');
    const titles: string[] = [];
    for (let i = 0; i < options.length; i++) titles.push(options.item(i).getAttribute('title') ?? options.item(i).textContent ?? '');
    return {
      settled: visible && !new RegExp(moving).test(popup.className),
      titles,
      empty: popup.querySelector('.ant-select-item-empty') !== null,
      box: [rect.x, rect.y, rect.width, rect.height].map(Math.round).join(','),
    };
  }, MOVING.source);
}

/**
 * The popup of `select` if it is open now: its listbox id (from the input's `aria-controls`) and the popup
 * itself. Read without waiting, so a Select that is gone (e.g. an "Add to …" select whose field was just
 * placed) counts as closed.
 */
async function openPopup(select: Locator): Promise<{ listId: string; popup: Locator } | null> {
  const listId = await rootOf(select)
    .locator('[role="combobox"]')
    .evaluateAll((inputs) => {
      const input = inputs[0];
      if (!input || input.getAttribute('aria-expanded') !== 'true') return null;
      return input.getAttribute('aria-controls') ?? input.getAttribute('aria-owns');
    });
  if (!listId) return null;
  const page = select.page();
  return { listId, popup: page.locator('.ant-select-dropdown', { has: page.locator(`[id="${listId}"]`) }) };
}

/**
 * Opens `select` (a `.ant-select` or an element inside it) and returns ITS dropdown once the opening
 * animation has ended and the options shown stay the same between two reads (non-empty, unless the Select
 * shows its "no data" state). The click is made again if it did not open the Select.
 */
export async function openSelect(select: Locator): Promise<Locator> {
  const page = select.page();
  for (let attempt = 1; ; attempt++) {
    if (!(await openPopup(select))) await rootOf(select).click();
    try {
      let last = '';
      await expect
        .poll(async () => {
          const open = await openPopup(select);
          const state = open && (await popupState(page, open.listId));
          if (!state?.settled || (state.titles.length === 0 && !state.empty)) {
            last = '';
            return false;
          }
          const now = JSON.stringify([state.titles, state.box]);
          const same = now === last;
          last = now;
          return same;
        }, { timeout: 5000, interval: 150 })
        .toBe(true);
      const open = await openPopup(select);
      if (open) return open.popup;
    } catch (err) {
      if (attempt === ATTEMPTS) throw new Error(`the Select did not open after ${ATTEMPTS} clicks`, { cause: err });
    }
  }
}

/**
 * Closes `select`'s dropdown if it is open (Escape in its input, which the Select keeps to itself while it is
 * expanded, so the drawer around it stays open) and waits until that dropdown is hidden.
 */
export async function closeSelect(select: Locator): Promise<void> {
  const open = await openPopup(select);
  if (!open) return;
  await comboboxOf(select).press('Escape');
  await expect.poll(() => open.popup.isVisible(), SETTLE).toBe(false);
}

/** The options (their titles) `select` offers, in order: opened, read once stable, closed again. */
export async function selectOptions(select: Locator): Promise<string[]> {
  const page = select.page();
  const popup = await openSelect(select);
  const listId = (await openPopup(select))?.listId;
  const titles = listId ? ((await popupState(page, listId))?.titles ?? []) : await popup.locator('.ant-select-item-option').evaluateAll((items) => items.map((i) => i.getAttribute('title') ?? ''));
  await closeSelect(select);
  return titles;
}

/** How `choose` knows a choice took, and what it types first in a searchable Select. */
export interface ChooseOptions {
  /** The choice took when this says so; by default when the Select shows the option's text. */
  took?: () => Promise<boolean>;
  /** Typed into the Select's search before choosing (a lookup or user picker that searches the server). */
  search?: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The option of an open `popup` that is `option`: by its title, else by its whole text, else the first whose
 * text starts with it (an option showing more than its label, such as a user's name and email).
 */
async function optionIn(popup: Locator, option: string): Promise<Locator | null> {
  const items = popup.locator('.ant-select-item-option');
  const candidates = [
    popup.locator(`.ant-select-item-option[title="${option.replace(/["\\]/g, '\\$&')}"]`),
    items.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(option)}\\s*$`) }),
    items.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(option)}`) }).first(),
  ];
  for (const candidate of candidates) if ((await candidate.count()) > 0) return candidate;
  return null;
}

/**
 * Picks `option` (its title, or else its text, as shown in the list) in `select`, typing `search` first if
 * given. It took when `took` says so; by default when the Select shows the option's text (or the text before
 * a trailing " (api_name)"). A choice that did not take is made again; an option already marked selected is
 * not clicked twice (a multiple Select would unselect it). The dropdown is closed before returning, so the
 * next Select read is not mixed with it. `took` may be given alone in place of the options.
 */
export async function choose(select: Locator, option: string, how: ChooseOptions | ChooseOptions['took'] = {}): Promise<void> {
  const { took, search } = typeof how === 'function' ? { took: how, search: undefined } : how;
  const root = rootOf(select);
  const shown = async (): Promise<boolean> => {
    const text = (await root.textContent()) ?? '';
    return text.includes(option) || text.includes(option.replace(/ \([^()]*\)$/, ''));
  };
  const check = took ?? shown;
  for (let attempt = 1; ; attempt++) {
    const popup = await openSelect(select);
    let item: Locator | null = null;
    if (search !== undefined) {
      await comboboxOf(select).fill(search);
      // The options answer the search (from the server, for a lookup): wait until the one wanted is offered.
      await expect.poll(async () => (item = await optionIn(popup, option)) !== null, SETTLE).toBe(true);
    } else item = await optionIn(popup, option);
    if (!item) {
      const offered = await popup.locator('.ant-select-item-option').evaluateAll((items) => items.map((i) => i.getAttribute('title') ?? i.textContent));
      throw new Error(`"${option}" is not offered; the Select offers ${JSON.stringify(offered)}`);
    }
    const selected = (await item.getAttribute('class'))?.includes('ant-select-item-option-selected') ?? false;
    if (!selected) await item.click();
    try {
      await expect.poll(check, { timeout: 5000 }).toBe(true);
      await closeSelect(select);
      // A pick closes the dropdown at once, but it fades out over what is below: wait until it is gone.
      await expect.poll(() => popup.isVisible(), SETTLE).toBe(false);
      return;
    } catch (err) {
      await closeSelect(select);
      if (attempt === ATTEMPTS) throw err;
    }
  }
}

/** A drawer or modal root that is open and whose panel has finished its opening animation. */
async function settled(panel: Locator): Promise<void> {
  let last = '';
  await expect
    .poll(async () => {
      if (!(await panel.isVisible())) {
        last = '';
        return false;
      }
      const state = await panel.evaluate(
        (el, moving) => {
          const animated = el.closest('.ant-drawer-content-wrapper') ?? el.closest('.ant-modal') ?? el;
          const rect = el.getBoundingClientRect();
          return { moving: new RegExp(moving).test(animated.className), box: [rect.x, rect.y, rect.width, rect.height].map(Math.round).join(',') };
        },
        MOVING.source,
      );
      if (state.moving) {
        last = '';
        return false;
      }
      const same = state.box === last;
      last = state.box;
      return same;
    }, { ...SETTLE, interval: 100 })
    .toBe(true);
}

/**
 * The open drawer's panel (role dialog), optionally the one whose title or content has `text`, once it has
 * finished sliding in. The locator returned never matches a drawer that is closing (antd drops
 * `.ant-drawer-open` as soon as it starts to close), so `expect(drawer.count()).toBe(0)` waits for the close.
 */
export async function openedDrawer(page: Page, text?: string | RegExp): Promise<Locator> {
  const open = page.locator('.ant-drawer.ant-drawer-open .ant-drawer-section');
  const drawer = text === undefined ? open : open.filter({ hasText: text });
  await settled(drawer.first());
  return drawer;
}

/** The open modal (not one closing) whose title or content has `text`, once it has finished zooming in. */
export async function openedModal(page: Page, text: string | RegExp): Promise<Locator> {
  const modal = page.locator('.ant-modal:not([class*="-leave"]):visible', { hasText: text });
  await settled(modal.first());
  return modal;
}

/**
 * Clicks `target` until `effect` shows: a Locator that becomes visible, or a check that turns true
 * (a click on a busy machine can land while antd is still animating and do nothing). Do not use it for a
 * click that toggles something when made twice, unless `effect` proves the first one did not happen.
 */
export async function clickUntil(target: Locator, effect: Locator | (() => Promise<boolean>), options: { attempts?: number; timeout?: number } = {}): Promise<void> {
  const attempts = options.attempts ?? ATTEMPTS;
  const timeout = options.timeout ?? 5000;
  for (let attempt = 1; ; attempt++) {
    try {
      await target.click({ timeout: 15_000 });
      if (typeof effect === 'function') await expect.poll(effect, { timeout }).toBe(true);
      else await effect.first().waitFor({ timeout });
      return;
    } catch (err) {
      if (attempt === attempts) throw err;
    }
  }
}
