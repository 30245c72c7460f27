import type { Currency, Role } from "@caribex/domain";

export const DEMO_CATEGORIES = [
  { name: "Coffee", slug: "coffee" },
  { name: "Rum & Spirits", slug: "rum-spirits" },
  { name: "Crafts", slug: "crafts" },
  { name: "Food", slug: "food" },
  { name: "Fashion", slug: "fashion" },
  { name: "Music", slug: "music" },
] as const;

export type DemoCategorySlug = (typeof DEMO_CATEGORIES)[number]["slug"];

/**
 * The well-known Hardhat/Anvil development keys (accounts #0 to #6). They are public and hold nothing on any
 * real chain; using them lets the development wallet sign in as each demo person.
 */
export const DEMO_KEYS: { name: string; role: Role; privateKey: `0x${string}` }[] = [
  { name: "Ada Admin", role: "admin", privateKey: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" },
  { name: "Blue Mountain Roasters", role: "seller", privateKey: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" },
  { name: "Yaad Spirits & Crafts", role: "seller", privateKey: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a" },
  { name: "Irie Threads & Sounds", role: "seller", privateKey: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6" },
  { name: "Keisha Brown", role: "customer", privateKey: "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a" },
  { name: "Marlon Campbell", role: "customer", privateKey: "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba" },
  { name: "Tanya Williams", role: "customer", privateKey: "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e" },
];

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
export const DEMO_SHOPPER_CREDITS: { currency: Currency; amount: bigint }[] = [
  { currency: "JMD", amount: jmd(50_000) },
  { currency: "USD", amount: usd(50_000) },
  { currency: "USDC", amount: usdc(250) },
];
