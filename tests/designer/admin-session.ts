/** Shared steps of the designer's browser tests: the review of a change and its apply (an admin's page: tests/ui/browser.ts `adminContext`; antd controls: tests/support/antd.ts). */
import type { Locator, Page } from 'playwright-core';
import { openedModal } from '../support/antd.ts';

export const POLL = { timeout: 15_000 };

/** The open review modal (titled `title`, not one closing) once it has zoomed in and its plan is shown; returns the modal and the plan's text. */
export async function openedReview(page: Page, title: string): Promise<{ modal: Locator; plan: string }> {
  const modal = await openedModal(page, title);
  await modal.locator('.plan-view').waitFor(POLL);
  return { modal, plan: (await modal.locator('.plan-view').textContent()) ?? '' };
}

/** Apply in the review modal, then wait for it to close. */
export async function apply(modal: Locator): Promise<void> {
  await modal.getByRole('button', { name: 'Apply' }).click();
  await modal.waitFor({ state: 'hidden', timeout: 15_000 });
}
