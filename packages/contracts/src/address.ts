import { z } from "zod";
import { idSchema, labelledText } from "./shared";

/** ISO 3166-1 alpha-2 codes officially assigned today. */
export const COUNTRY_CODES: readonly string[] = (
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
  "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO " +
  "FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE " +
  "JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO " +
  "MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW " +
  "PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM " +
  "TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
).split(" ");
const COUNTRIES = new Set(COUNTRY_CODES);

/** The countries a Caribbean shopper ships to most, listed first in the country picker. */
export const CARIBBEAN_COUNTRY_CODES: readonly string[] = ["JM", "TT", "BB", "BS", "KY", "LC", "GD", "VC", "AG", "DM", "KN", "GY", "BZ", "HT", "DO", "US", "CA", "GB"];

/** Jamaica's fourteen parishes, as the post office writes them. */
export const JAMAICA_PARISHES: readonly string[] = [
  "Kingston",
  "St. Andrew",
  "St. Thomas",
  "Portland",
  "St. Mary",
  "St. Ann",
  "Trelawny",
  "St. James",
  "Hanover",
  "Westmoreland",
  "St. Elizabeth",
  "Manchester",
  "Clarendon",
  "St. Catherine",
];

export const ADDRESS_BOUNDS = { name: 100, line: 200, city: 100, region: 100, postalCode: 20, phone: 30 } as const;

/** An optional line: empty or blank means "not given". */
const optional = (label: string, max: number) =>
  labelledText(label, 0, max)
    .nullish()
    .transform((v) => (v ? v : null));

export const countrySchema = z
  .string({ error: "The country is required" })
  .max(10, "Choose a country by its two-letter ISO code, such as JM for Jamaica")
  .trim()
  .toUpperCase()
  .refine((v) => COUNTRIES.has(v), "Choose a country by its two-letter ISO code, such as JM for Jamaica");

export const addressFieldsSchema = z.object({
  name: labelledText("The recipient's name", 1, ADDRESS_BOUNDS.name),
  line1: labelledText("The street address", 1, ADDRESS_BOUNDS.line),
  line2: optional("The second address line", ADDRESS_BOUNDS.line),
  city: labelledText("The city or town", 1, ADDRESS_BOUNDS.city),
  region: optional("The parish or region", ADDRESS_BOUNDS.region),
  postalCode: optional("The postal code", ADDRESS_BOUNDS.postalCode),
  country: countrySchema,
  phone: optional("The phone number", ADDRESS_BOUNDS.phone).refine(
    (v) => v === null || /^\+?[0-9 ()\-.]{5,30}$/.test(v),
    "A phone number has digits, spaces and ( ) - . only, optionally starting with +",
  ),
});

/** What an order keeps of the address it ships to. */
export const addressSnapshotSchema = z.object({
  name: z.string(),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string(),
  phone: z.string().nullable(),
});

export const shippingAddressSchema = addressSnapshotSchema.extend({ id: z.string() });

export const addressListInput = z.void();
export const addressListOutput = z.array(shippingAddressSchema);
export const addressCreateInput = addressFieldsSchema;
export const addressCreateOutput = shippingAddressSchema;
export const addressUpdateInput = addressFieldsSchema.extend({ id: idSchema });
export const addressUpdateOutput = shippingAddressSchema;
export const addressDeleteInput = z.object({ id: idSchema });
export const addressDeleteOutput = z.object({ ok: z.literal(true) });
