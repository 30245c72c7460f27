/**
 * The dashboard's main pages, for a seller and for an admin: no serious or critical axe-core finding, a visible
 * focus ring on everything the keyboard reaches, and no script or hydration error.
 */
import { expect, test, type Page } from "@playwright/test";
import { collectPageErrors, elementsWithoutFocusRing, seriousViolations } from "../support/a11y";

async function signInAs(page: Page, label: string) {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect.soft(await seriousViolations(page), "axe-core on /sign-in").toEqual([]);
  await page.getByRole("button", { name: `Sign in as ${label}` }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

async function checkPages(page: Page, paths: string[]) {
  const errors = collectPageErrors(page);
  for (const path of paths) {
    errors.length = 0;
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator(".loading")).toHaveCount(0);
    // Soft: one run names every page's problems, not only the first page's.
    expect.soft(await seriousViolations(page), `axe-core on ${path}`).toEqual([]);
    expect.soft(await elementsWithoutFocusRing(page), `elements without a focus ring on ${path}`).toEqual([]);
    expect.soft(errors, `errors on ${path}`).toEqual([]);
  }
}

test("a seller's dashboard pages are accessible and free of errors", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "Seller 1");
  await checkPages(page, ["/seller", "/seller/products", "/seller/products/new", "/seller/orders", "/seller/reviews", "/seller/wallet", "/seller/webhooks"]);
});

test("an admin's dashboard pages are accessible and free of errors", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "Admin");
  await checkPages(page, ["/admin", "/admin/users", "/admin/orders", "/admin/categories", "/admin/wallet", "/admin/treasury", "/admin/withdrawal-reviews", "/admin/reviews", "/admin/webhooks", "/admin/health"]);
});
