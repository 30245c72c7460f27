import { DEMO_ACCOUNTS, type Currency, type DemoAccount } from "@caribex/domain";

export const DEMO_CATEGORIES = [
  { name: "Coffee", slug: "coffee" },
  { name: "Rum & Spirits", slug: "rum-spirits" },
  { name: "Crafts", slug: "crafts" },
  { name: "Food", slug: "food" },
  { name: "Fashion", slug: "fashion" },
  { name: "Music", slug: "music" },
] as const;

export type DemoCategorySlug = (typeof DEMO_CATEGORIES)[number]["slug"];

/** The demo people and their public development keys; the apps' development wallet uses the same list. */
export const DEMO_KEYS: readonly DemoAccount[] = DEMO_ACCOUNTS;

export interface DemoProduct {
  title: string;
  description: string;
  category: DemoCategorySlug;
  currency: Currency;
  /** Minor units. */
  price: bigint;
  quantity: number;
}

const jmd = (whole: number): bigint => BigInt(whole) * 100n;
const usd = (cents: number): bigint => BigInt(cents);
const usdc = (whole: number): bigint => BigInt(Math.round(whole * 100)) * 10_000n;

/** Products per seller, in DEMO_KEYS order of the sellers (#1, #2, #3). */
export const DEMO_PRODUCTS: DemoProduct[][] = [
  [
    { title: "Blue Mountain Coffee, whole bean 250 g", description: "Single-estate arabica grown above 1,500 m, medium roast.", category: "coffee", currency: "JMD", price: jmd(4200), quantity: 40 },
    { title: "Blue Mountain Coffee, ground 500 g", description: "Ground for drip and French press. Smooth, bright and mild.", category: "coffee", currency: "USD", price: usd(3900), quantity: 25 },
    { title: "High Mountain Espresso Blend", description: "Dark roast blend for espresso, chocolate notes.", category: "coffee", currency: "USDC", price: usdc(18.5), quantity: 30 },
    { title: "Coffee sampler, three roasts", description: "Light, medium and dark roast, 100 g each.", category: "coffee", currency: "JMD", price: jmd(5600), quantity: 15 },
    { title: "Jerk seasoning, hot", description: "Scotch bonnet, pimento and thyme dry rub.", category: "food", currency: "JMD", price: jmd(950), quantity: 120 },
    { title: "Blue Mountain Coffee Cold Brew Pack", description: "Coarse ground coffee in brew bags for cold brew.", category: "coffee", currency: "USD", price: usd(2450), quantity: 20 },
    { title: "Pimento honey 350 g", description: "Raw honey from bees foraging pimento blossom.", category: "food", currency: "USDC", price: usdc(12), quantity: 35 },
    { title: "Bammy and festival mix", description: "Cassava bammy and festival dumpling mix for four.", category: "food", currency: "JMD", price: jmd(1200), quantity: 60 },
  ],
  [
    { title: "Aged dark rum, 12 years", description: "Pot-still rum aged twelve years in oak.", category: "rum-spirits", currency: "USD", price: usd(6500), quantity: 12 },
    { title: "White overproof rum 750 ml", description: "The classic for punch and cooking.", category: "rum-spirits", currency: "JMD", price: jmd(3200), quantity: 48 },
    { title: "Rum cake, 1 kg", description: "Dense fruit cake soaked in dark rum.", category: "food", currency: "JMD", price: jmd(3800), quantity: 20 },
    { title: "Spiced rum gift set", description: "Two bottles of spiced rum with tasting glasses.", category: "rum-spirits", currency: "USDC", price: usdc(54.99), quantity: 10 },
    { title: "Hand-carved mahogany bowl", description: "Turned and carved from reclaimed mahogany.", category: "crafts", currency: "USD", price: usd(8900), quantity: 5 },
    { title: "Woven straw market basket", description: "Palm straw basket, hand-woven in St. Elizabeth.", category: "crafts", currency: "JMD", price: jmd(2800), quantity: 18 },
    { title: "Lignum vitae coaster set", description: "Six coasters cut from the national tree.", category: "crafts", currency: "USDC", price: usdc(29), quantity: 22 },
    { title: "Sorrel liqueur 500 ml", description: "Christmas sorrel with ginger and rum.", category: "rum-spirits", currency: "USD", price: usd(3100), quantity: 16 },
  ],
  [
    { title: "Reggae classics on vinyl", description: "Double LP of roots reggae classics.", category: "music", currency: "USD", price: usd(4200), quantity: 14 },
    { title: "Hand-made nyabinghi drum", description: "Goatskin funde drum, tuned by hand.", category: "music", currency: "USDC", price: usdc(145), quantity: 4 },
    { title: "Dancehall mixtape USB", description: "Three hours of dancehall selections.", category: "music", currency: "JMD", price: jmd(1500), quantity: 75 },
    { title: "Rasta colours knit tam", description: "Crocheted cotton tam in red, gold and green.", category: "fashion", currency: "JMD", price: jmd(2200), quantity: 30 },
    { title: "Linen guayabera shirt", description: "Breathable linen shirt for island heat.", category: "fashion", currency: "USD", price: usd(5800), quantity: 12 },
    { title: "Bandana print sundress", description: "Madras bandana print cotton dress.", category: "fashion", currency: "USDC", price: usdc(48), quantity: 9 },
    { title: "Leather sandals", description: "Hand-stitched leather sandals, sizes 6 to 12.", category: "fashion", currency: "JMD", price: jmd(6500), quantity: 16 },
    { title: "Mento banjo strings set", description: "Replacement strings for mento banjos.", category: "music", currency: "USD", price: usd(1400), quantity: 40 },
  ],
];

/** Welcome balance each demo shopper starts with, credited from the system account. */
export { DEMO_SHOPPER_CREDITS } from "@caribex/domain";

/** Where each demo shopper ships to, in the order the shoppers are listed: checkout needs an address. */
export const DEMO_SHOPPER_ADDRESSES = [
  { line1: "12 Barbican Road", city: "Kingston", region: "St. Andrew" },
  { line1: "5 Church Street", city: "Montego Bay", region: "St. James" },
  { line1: "3 Main Street", city: "Ocho Rios", region: "St. Ann" },
] as const;

/** Demo exchange rates (source "seed"): whole JMD per whole unit, roughly the market around the demo's date. */
export const DEMO_FX_RATES: { base: Currency; quote: Currency; rate: string }[] = [
  { base: "USD", quote: "JMD", rate: "157.25" },
  { base: "USDC", quote: "JMD", rate: "157.1" },
];
