/**
 * At a phone's width (390 × 844) the dashboard's tables become one card per row: the page never scrolls sideways
 * and each row's actions (Edit, Archive, Change role, Suspend) sit inside the screen.
 */
import { expect, test, type Locator, type Page, type TestInfo } from "@playwright/test";

test.use({ viewport: { width: 390, height: 844 } });

const scrollWidth = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);
const overflowing = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && ![...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${(el.textContent ?? "").trim().slice(0, 30)}" right=${Math.round(el.getBoundingClientRect().right)}`),
  );

async function signInAs(page: Page, label: string) {
  await page.goto("/");
  await page.getByRole("button", { name: `Sign in as ${label}` }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** The control lies wholly inside the screen's width, once scrolled to vertically. */
async function expectWithinWidth(control: Locator, what: string) {
  await control.scrollIntoViewIfNeeded();
  await expect(control, what).toBeInViewport({ ratio: 1 });
  const box = (await control.boundingBox())!;
  expect(box.x, `${what} starts inside the screen`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what} ends inside 390 px`).toBeLessThanOrEqual(390);
}

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
}

test("the seller's products table keeps Edit and Archive in reach on a phone", async ({ page }, testInfo) => {
  await signInAs(page, "Seller 1");
  await page.goto("/seller/products");
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
  expect(await scrollWidth(page), `page width of /seller/products: ${(await overflowing(page)).join("; ")}`).toBeLessThanOrEqual(390);
  // Rows by their markup: a table shown as cards may not keep its table roles in every browser.
  const rows = page.locator("table.stack-on-phone tbody tr");
  expect(await rows.count()).toBeGreaterThan(0);
  for (const row of (await rows.all()).slice(0, 3)) {
    await expectWithinWidth(row.getByRole("link", { name: /^Edit / }), "Edit");
    await expectWithinWidth(row.getByRole("button", { name: /^(Archive|Restore) / }), "Archive");
    await expectWithinWidth(row.locator('td[data-label="Price"]'), "the price");
  }
  await shot(page, testInfo, "seller products at 390 px");
});

test("the admin's users table does not scroll sideways and keeps its actions in reach on a phone", async ({ page }, testInfo) => {
  await signInAs(page, "Admin");
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  expect(await scrollWidth(page), `page width of /admin/users: ${(await overflowing(page)).join("; ")}`).toBeLessThanOrEqual(390);
  const row = page.locator("table.stack-on-phone tbody tr").filter({ has: page.getByRole("button", { name: /^Suspend / }) }).first();
  await expectWithinWidth(row.getByRole("button", { name: /^Change role of / }), "Change role");
  await expectWithinWidth(row.getByRole("button", { name: /^Suspend / }), "Suspend");
  await expectWithinWidth(row.getByRole("link", { name: /^Credit wallet of / }), "Credit");
  await shot(page, testInfo, "admin users at 390 px");
});
