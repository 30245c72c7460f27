import { and, asc, count, desc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import {
  CURRENCIES,
  CURRENCY_DECIMALS,
  DomainError,
  MAX_STOCK,
  REFERENCE_CURRENCY,
  type Product,
  type ProductQuery,
  type ProductRepository,
} from "@caribex/domain";
import type { Db } from "../client";
import { FOREIGN_KEY_VIOLATION, pgConstraint, pgErrorCode } from "../errors";
import { categories, products, users } from "../schema";
import { offsetOf, pageOf, rowsOf, toDate } from "./util";

/**
 * For sale: not archived, and the seller is not suspended. A suspended seller's listings leave the catalogue and
 * cannot be bought until the suspension is lifted; the rows themselves are untouched.
 */
export const listed = sql<boolean>`(${products.isActive} and not exists (select 1 from ${users} s where s.id = ${products.sellerId} and s.suspended_at is not null))`;

export const productColumns = {
  id: products.id,
  sellerId: products.sellerId,
  title: products.title,
  description: products.description,
  price: products.price,
  currency: products.currency,
  quantity: products.quantity,
  images: products.images,
  categoryId: products.categoryId,
  isActive: listed,
  createdAt: products.createdAt,
  updatedAt: products.updatedAt,
};

/** Product reads join the seller for their name; users are readable by every role under RLS. */
const productWithSeller = { ...productColumns, sellerName: users.username };

/** RETURNING cannot join, so writes fetch the seller's name with a subquery on the same row. */
const returnedProduct = {
  ...productColumns,
  sellerName: sql<string>`(select ${users.username} from ${users} where ${users.id} = ${products.sellerId})`.as("seller_name"),
};

function withSeller(db: Db) {
  return db.select(productWithSeller).from(products).innerJoin(users, eq(users.id, products.sellerId));
}

interface LockedRow {
  id: string;
  seller_id: string;
  seller_name: string;
  title: string;
  description: string;
  price: string;
  currency: Product["currency"];
  quantity: number | string;
  images: string[];
  category_id: string | null;
  is_active: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

const isoUtc = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

const MAX_SEARCH_WORDS = 8;

/**
 * Turns free text into a prefix tsquery ("cof bea" → "cof:* & bea:*"). Only letters and digits survive, so
 * nothing the user types can change the query's syntax; null when no word is left.
 */
export function toPrefixQuery(search: string | undefined): string | null {
  const words = searchWords(search);
  return words.length ? words.map((w) => `${w}:*`).join(" & ") : null;
}

/** The words of a search, as typed (letters and digits only), each matched on its own. */
export function searchWords(search: string | undefined): string[] {
  const words = (search ?? "").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, MAX_SEARCH_WORDS).map((w) => w.slice(0, 64));
}

/** Trigram matching needs a few letters to tell a typo from another word. */
const MIN_FUZZY_WORD = 3;
/** The text trigram search reads; the same expression as the products_trgm_idx index (migration 0008). */
const trigramDocument = sql`lower(${products.title} || ' ' || ${products.description})`;

/**
 * Every word must match, either as the start of a word of the title, the description or the product's category
 * name ("cof" finds coffee, and "coffee" finds an espresso listed under Coffee) or, from three letters on, closely
 * enough by trigrams that a typo still finds it ("cofee" finds coffee).
 */
function searchFilter(search: string | undefined): SQL | undefined {
  const words = searchWords(search);
  if (words.length === 0) return undefined;
  return and(
    ...words.map((w) => {
      const query = `${w}:*`;
      const prefix = sql`${products.searchDocument} @@ to_tsquery('simple', ${query})`;
      const fuzzy = w.length >= MIN_FUZZY_WORD;
      const inCategory = sql`exists (select 1 from ${categories} c where c.id = ${products.categoryId} and (to_tsvector('simple', c.name) @@ to_tsquery('simple', ${query})${fuzzy ? sql` or ${w} <% lower(c.name)` : sql``}))`;
      return fuzzy ? sql`(${prefix} or ${w} <% ${trigramDocument} or ${inCategory})` : sql`(${prefix} or ${inCategory})`;
    }),
  );
}

/** 10^decimals of the product's currency: minor units per whole unit. */
const unitScale = sql`(case ${products.currency} ${sql.join(
  CURRENCIES.map((c) => sql.raw(`when '${c}' then ${10n ** BigInt(CURRENCY_DECIMALS[c])}`)),
  sql` `,
)} end)`;

/** The price in whole units of its own currency, exactly (numeric). */
const wholePrice = sql`(${products.price}::numeric / ${unitScale})`;

/**
 * The price in whole units of the reference currency (JMD) at the latest rate (fx_rate: drizzle/repeatable/functions/fx_rate.sql);
 * NULL when no rate for the product's currency is known. Price sorts and unqualified price bounds use it, so
 * USD 89.00 sorts above JMD 950.00.
 */
const referencePrice = sql`(${products.price}::numeric * fx_rate(${products.currency}, ${REFERENCE_CURRENCY}) / ${unitScale})`;

function priceFilters(q: Pick<ProductQuery, "currency" | "minPrice" | "maxPrice">): SQL[] {
  const price = q.currency ? wholePrice : referencePrice;
  const out: SQL[] = [];
  if (q.minPrice !== undefined) out.push(sql`${price} >= ${q.minPrice}::numeric`);
  if (q.maxPrice !== undefined) out.push(sql`${price} <= ${q.maxPrice}::numeric`);
  return out;
}

const newestFirst = () => [desc(products.createdAt), desc(products.id)];

/**
 * Best matches first: products whose title holds every word (as a word start), then the titles closest to the whole
 * search (trigram similarity, so a shorter title that says just that wins), then the closest title and description
 * together (word similarity, so a typo still ranks), newest breaking ties.
 */
function relevanceFor(search: string | undefined): SQL[] {
  const words = searchWords(search);
  const query = toPrefixQuery(search);
  if (!query) return newestFirst();
  const text = words.join(" ");
  return [
    sql`(to_tsvector('simple', ${products.title}) @@ to_tsquery('simple', ${query})) desc`,
    sql`similarity(${text}, lower(${products.title})) desc`,
    sql`word_similarity(${text}, ${trigramDocument}) desc`,
    ...newestFirst(),
  ];
}

function orderFor(sort: ProductQuery["sort"], search: string | undefined): SQL[] {
  switch (sort) {
    // Products whose currency has no rate yet come last either way: they cannot be placed among the others.
    case "price_asc":
      return [sql`${referencePrice} asc nulls last`, ...newestFirst()];
    case "price_desc":
      return [sql`${referencePrice} desc nulls last`, ...newestFirst()];
    case "title":
      return [asc(sql`lower(${products.title})`), asc(products.id)];
    case "relevance":
      return relevanceFor(search);
    case "newest":
    default:
      return newestFirst();
  }
}

function categoryMissing(e: unknown, categoryId: string | null | undefined): never {
  if (pgErrorCode(e) === FOREIGN_KEY_VIOLATION && pgConstraint(e) === "products_category_id_categories_id_fk") {
    throw new DomainError("CATEGORY.NOT_FOUND", "No such category", { categoryId });
  }
  throw e;
}

export function productRepository(db: Db): ProductRepository {
  return {
    async findById(id) {
      const [row] = await withSeller(db).where(eq(products.id, id));
      return row ?? null;
    },
    async findManyByIds(ids) {
      if (ids.length === 0) return [];
      return withSeller(db).where(inArray(products.id, ids));
    },
    async idsOfSeller(sellerId) {
      const rows = await db.select({ id: products.id }).from(products).where(eq(products.sellerId, sellerId));
      return rows.map((r) => r.id);
    },
    async list(q) {
      const filters: SQL[] = [];
      // A seller's archive is what they archived themselves.
      if (q.onlyInactive) filters.push(eq(products.isActive, false));
      else if (!q.includeInactive) filters.push(listed);
      if (q.categoryId) filters.push(eq(products.categoryId, q.categoryId));
      if (q.sellerId) filters.push(eq(products.sellerId, q.sellerId));
      if (q.currency) filters.push(eq(products.currency, q.currency));
      if (q.inStock) filters.push(gt(products.quantity, 0));
      filters.push(...priceFilters(q));
      const search = searchFilter(q.search);
      if (search) filters.push(search);
      const where = filters.length ? and(...filters) : undefined;
      const [items, [totalRow]] = await Promise.all([
        withSeller(db)
          .where(where)
          .orderBy(...orderFor(q.sort, q.search))
          .limit(q.pageSize)
          .offset(offsetOf(q)),
        db.select({ n: count() }).from(products).where(where),
      ]);
      return pageOf<Product>(items, totalRow?.n ?? 0, q);
    },
    async suggestSearch(search) {
      const words = searchWords(search).filter((w) => w.length >= MIN_FUZZY_WORD);
      if (words.length === 0) return null;
      // Each word against the vocabulary of listed titles and category names: kept when some product uses it,
      // else the most similar word (trigrams) that is close enough.
      const rows = rowsOf<{ word: string; known: boolean; closest: string | null }>(
        await db.execute(sql`
          with vocabulary as (
            select distinct w from (
              select regexp_split_to_table(lower(${products.title}), '[^[:alnum:]]+') as w from ${products} where ${listed}
              union all
              select regexp_split_to_table(lower(c.name), '[^[:alnum:]]+') from ${categories} c
            ) split where length(w) >= ${MIN_FUZZY_WORD}
          ),
          asked as (select unnest(${sql.raw(`ARRAY[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(", ")}]::text[]`)}) as word)
          select a.word,
                 exists (select 1 from vocabulary v where v.w like a.word || '%') as known,
                 (select v.w from vocabulary v where similarity(v.w, a.word) >= 0.3 order by similarity(v.w, a.word) desc, v.w limit 1) as closest
            from asked a`),
      );
      let changed = false;
      const suggested = words.map((w) => {
        const row = rows.find((r) => r.word === w);
        if (!row || row.known || !row.closest) return w;
        changed = true;
        return row.closest;
      });
      return changed ? suggested.join(" ") : null;
    },
    async create(sellerId, draft) {
      try {
        const [row] = await db
          .insert(products)
          .values({ ...draft, sellerId })
          .returning(returnedProduct);
        return row!;
      } catch (e) {
        return categoryMissing(e, draft.categoryId);
      }
    },
    async update(id, sellerId, patch) {
      const values = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      try {
        const [row] = await db
          .update(products)
          .set({ ...values, updatedAt: sql`now()` })
          .where(and(eq(products.id, id), eq(products.sellerId, sellerId)))
          .returning(returnedProduct);
        return row ?? null;
      } catch (e) {
        return categoryMissing(e, patch.categoryId);
      }
    },
    async lockForUpdate(ids) {
      if (ids.length === 0) return [];
      // Always the same order, so two checkouts of overlapping carts wait for each other instead of deadlocking.
      // A buyer may not update other sellers' rows, so the lock is taken by lock_products (drizzle/repeatable/functions/lock_products.sql),
      // which returns the rows as locked.
      const sorted = [...new Set(ids)].sort();
      const rows = rowsOf<LockedRow>(
        await db.execute(sql`
          select p.id, p.seller_id, p.title, p.description, p.price::text as price, p.currency, p.quantity, p.images,
                 p.category_id, p.is_active, ${isoUtc("p.created_at")} as created_at, ${isoUtc("p.updated_at")} as updated_at,
                 u.username as seller_name
            from lock_products(array[${sql.join(sorted.map((id) => sql`${id}`), sql`, `)}]::uuid[]) p
            join ${users} u on u.id = p.seller_id
           order by p.id`),
      );
      return rows.map((r) => ({
        id: r.id,
        sellerId: r.seller_id,
        sellerName: r.seller_name,
        title: r.title,
        description: r.description,
        price: BigInt(r.price),
        currency: r.currency,
        quantity: Number(r.quantity),
        images: r.images,
        categoryId: r.category_id,
        isActive: r.is_active,
        createdAt: toDate(r.created_at),
        updatedAt: toDate(r.updated_at),
      }));
    },
    async decrementStock(id, n) {
      const rows = await db
        .update(products)
        .set({ quantity: sql`${products.quantity} - ${n}`, updatedAt: sql`now()` })
        .where(and(eq(products.id, id), sql`${products.quantity} >= ${n}`, eq(products.isActive, true)))
        .returning({ id: products.id });
      return rows.length > 0;
    },
    async incrementStock(id, n) {
      // Stock returned to the shelf never lifts a listing past the ceiling a seller could set themselves.
      await db
        .update(products)
        .set({ quantity: sql`least(${products.quantity} + ${n}, ${MAX_STOCK}::int)`, updatedAt: sql`now()` })
        .where(eq(products.id, id));
    },
  };
}
