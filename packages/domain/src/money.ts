import { DomainError } from "./errors";

/** Currencies we hold, with the number of decimals of their minor unit. */
export const CURRENCY_DECIMALS = { JMD: 2, USD: 2, USDC: 6 } as const;
export type Currency = keyof typeof CURRENCY_DECIMALS;
export const CURRENCIES = Object.keys(CURRENCY_DECIMALS) as Currency[];

/** Largest amount we accept in minor units: fits a SQL bigint with room for sums. */
export const MAX_MINOR_UNITS = 10n ** 15n;

export interface Money {
  readonly amount: bigint;
  readonly currency: Currency;
}

export function isCurrency(value: unknown): value is Currency {
  return typeof value === "string" && Object.hasOwn(CURRENCY_DECIMALS, value);
}

export function currency(value: unknown): Currency {
  if (!isCurrency(value)) {
    throw new DomainError("MONEY.UNKNOWN_CURRENCY", `Unknown currency ${JSON.stringify(String(value)).slice(0, 20)}; use one of ${CURRENCIES.join(", ")}`, {
      allowed: CURRENCIES,
    });
  }
  return value;
}

const DECIMAL = /^(\d{1,16})(?:\.(\d+))?$/;

/**
 * Parse a human decimal ("12.50") into minor units (1250n). Rejects signs, exponents, separators,
 * more decimals than the currency has, and amounts beyond MAX_MINOR_UNITS.
 */
export function parseAmount(text: string, cur: Currency): bigint {
  const decimals = CURRENCY_DECIMALS[currency(cur)];
  const trimmed = typeof text === "string" ? text.trim() : "";
  const match = DECIMAL.exec(trimmed);
  if (!match) {
    throw new DomainError("MONEY.INVALID_AMOUNT", "Amount must be a plain decimal number such as 12.50", { currency: cur });
  }
  const whole = match[1]!;
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) {
    throw new DomainError("MONEY.INVALID_AMOUNT", `${cur} amounts have at most ${decimals} decimals`, { currency: cur, decimals });
  }
  const minor = BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
  return assertAmount(minor, { allowZero: true });
}

/** Format minor units back to a decimal string with exactly the currency's decimals: 1250n JMD → "12.50". */
export function formatAmount(minor: bigint, cur: Currency): string {
  const decimals = CURRENCY_DECIMALS[currency(cur)];
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  const fraction = (abs % base).toString().padStart(decimals, "0");
  return `${negative ? "-" : ""}${whole}${decimals > 0 ? `.${fraction}` : ""}`;
}

/** Decimals people read everywhere; the ledger keeps every minor unit, and ledger views show them all. */
export const DISPLAY_DECIMALS = 2;

/**
 * Human display with grouping and the currency code: 123456n JMD → "JMD 1,234.56". Currencies with more
 * decimals (USDC) are shown with two, rounded half up and marked "≈" when that drops a non-zero digit;
 * `precision: "full"` shows every decimal (ledger views, confirming an amount someone typed).
 */
export function displayMoney(minor: bigint, cur: Currency, opts: { precision?: "display" | "full" } = {}): string {
  const decimals = CURRENCY_DECIMALS[currency(cur)];
  let shown = minor;
  let places = decimals;
  let approximate = false;
  if (opts.precision !== "full" && decimals > DISPLAY_DECIMALS) {
    const factor = 10n ** BigInt(decimals - DISPLAY_DECIMALS);
    const abs = minor < 0n ? -minor : minor;
    const rest = abs % factor;
    const rounded = abs / factor + (rest * 2n >= factor ? 1n : 0n);
    approximate = rest !== 0n;
    shown = minor < 0n ? -rounded : rounded;
    places = DISPLAY_DECIMALS;
  }
  const negative = shown < 0n;
  const abs = negative ? -shown : shown;
  const base = 10n ** BigInt(places);
  const grouped = (abs / base).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = places > 0 ? `.${(abs % base).toString().padStart(places, "0")}` : "";
  return `${approximate ? "≈ " : ""}${cur} ${negative ? "-" : ""}${grouped}${fraction}`;
}


export function assertAmount(value: unknown, opts: { allowZero?: boolean } = {}): bigint {
  if (typeof value !== "bigint") {
    throw new DomainError("MONEY.INVALID_AMOUNT", "Amount must be an integer number of minor units");
  }
  if (value < 0n || (!opts.allowZero && value === 0n)) {
    throw new DomainError("MONEY.INVALID_AMOUNT", opts.allowZero ? "Amount cannot be negative" : "Amount must be greater than zero");
  }
  if (value > MAX_MINOR_UNITS) {
    throw new DomainError("MONEY.INVALID_AMOUNT", "Amount is too large");
  }
  return value;
}

export function money(amount: bigint, cur: Currency): Money {
  return { amount: assertAmount(amount, { allowZero: true }), currency: currency(cur) };
}

/** Sum amounts grouped by currency, in a stable currency order. */
export function totalsByCurrency(entries: Iterable<Money>): Money[] {
  const sums = new Map<Currency, bigint>();
  for (const { amount, currency: cur } of entries) sums.set(cur, (sums.get(cur) ?? 0n) + amount);
  return CURRENCIES.filter((c) => sums.has(c)).map((c) => ({ currency: c, amount: sums.get(c)! }));
}

const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

/**
 * What a person typed in an amount field, to minor units. The one input rule of every CaribEX screen: an
 * optional currency code or "$" in front, then a decimal number that may group thousands with commas in
 * threes ("1,250.50"). A comma anywhere else ("1,25") is refused rather than guessed at, since it could be a
 * decimal comma. Zero is refused unless allowed.
 */
export function parseMoneyInput(
  text: string,
  cur: Currency,
  opts: { allowZero?: boolean } = {},
): { ok: true; amount: bigint } | { ok: false; error: string } {
  const bare = text.trim().replace(/^(?:[A-Z]{3,4}\s*|\$\s*)/, "");
  if (bare === "") return { ok: false, error: "Enter an amount" };
  if (bare.includes(",") && !GROUPED.test(bare)) {
    return { ok: false, error: "Use commas only between groups of three digits, as in 1,250.50" };
  }
  try {
    const amount = parseAmount(bare.replace(/,/g, ""), cur);
    if (amount === 0n && !opts.allowZero) return { ok: false, error: "Amount must be greater than zero" };
    return { ok: true, amount };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, error: e.message };
    throw e;
  }
}
