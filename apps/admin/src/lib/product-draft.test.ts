import { describe, expect, it } from "vitest";
import { recheckField, validateProductDraft, type ProductValues } from "./product-draft";

const valid: ProductValues = {
  title: "Blue Mountain coffee",
  description: "",
  currency: "JMD",
  price: "1500.00",
  quantity: "5",
  categoryId: "",
  images: "",
};

describe("product form validation", () => {
  it("a field's error clears once the field is valid, and only that field's", () => {
    const bad = { ...valid, title: "", price: "12.345" };
    const { errors, input } = validateProductDraft(bad, null);
    expect(input).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(["price", "title"]);

    const typed = { ...bad, title: "Coffee" };
    const after = recheckField(errors, "title", typed, null);
    expect(after.title).toBeUndefined();
    expect(after.price).toEqual(errors.price);

    // Still wrong: the message stays (or changes), it does not vanish.
    expect(recheckField(after, "price", { ...typed, price: "abc" }, null).price?.length).toBe(1);
    expect(recheckField(after, "price", { ...typed, price: "12.34" }, null)).toEqual({});
  });

  it("a field without an error stays quiet while typing; a currency change re-reads the price", () => {
    expect(recheckField({}, "title", { ...valid, title: "" }, null)).toEqual({});
    const usdc = { ...valid, currency: "USDC" as const, price: "1.1234567" };
    const { errors } = validateProductDraft(usdc, null);
    expect(errors.price).toBeDefined();
    expect(recheckField(errors, "currency", { ...usdc, currency: "USDC" }, null).price).toBeDefined();
    // Six decimals are fine for USDC but not for JMD, whichever was typed first.
    expect(recheckField(errors, "price", { ...usdc, price: "1.123456" }, null)).toEqual({});
  });

  it("editing sends the stock only when the seller changed it", () => {
    const editing = { id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301", initialQuantity: "5" };
    expect(validateProductDraft(valid, editing).input).not.toHaveProperty("quantity");
    expect(validateProductDraft({ ...valid, quantity: "9" }, editing).input).toMatchObject({ quantity: 9 });
    expect(validateProductDraft({ ...valid, quantity: "-1" }, editing).errors.quantity).toBeDefined();
    expect(validateProductDraft(valid, null).input).toMatchObject({ quantity: 5 });
  });
});
