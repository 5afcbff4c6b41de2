/** Shared steps of the designer's browser tests (objects, fields, validation rules): an admin's page, the review (antd controls: tests/support/antd.ts). */
import { expect } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { TestEngine } from '../support/engine.ts';
import { openedModal } from '../support/antd.ts';

export const POLL = { timeout: 15_000 };

/** A fresh browser context (no stored language: the browser's `locale` decides) signed in as the test tenant's admin. */
export async function adminContext(browser: Browser, t: TestEngine, base: string, locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
  const login = await context.request.post(`${base}/api/auth/login`, { data: { email: t.adminEmail, password: t.adminPassword, tenant: t.tenant.slug } });
  expect(login.status()).toBe(200);
  return { context, page: await context.newPage() };
}

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
