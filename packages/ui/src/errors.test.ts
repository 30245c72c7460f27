import { describe, expect, it } from "vitest";
import { ERROR_TEXTS } from "./errors";

describe("shared error texts", () => {
  it("give every code they list something to say, in whole sentences or a heading", () => {
    for (const [code, text] of Object.entries(ERROR_TEXTS)) {
      expect(text.title ?? text.hint, code).toBeTruthy();
      for (const sentence of [text.message, text.hint]) if (sentence) expect(sentence, code).toMatch(/[.!?]$/);
      if (text.message) expect(text.title, `${code} has an explanation without a heading`).toBeTruthy();
    }
  });
});
