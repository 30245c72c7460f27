/** "Customers also bought": how many products the product page shows by default, and the most anyone may ask for. */
export const ALSO_BOUGHT_DEFAULT = 4;
export const ALSO_BOUGHT_MAX = 12;

/**
 * How many co-purchased ids to fetch for a list of `limit`: the cached list is the same for every limit (one key per
 * product), with room for products that are archived after it was cached.
 */
export const ALSO_BOUGHT_CACHED = ALSO_BOUGHT_MAX * 2;
