import type { Metadata } from "next";
import Link from "next/link";
import { load } from "@/lib/load";
import { param, type SearchParams } from "@/lib/search-params";
import { EmptyState, ErrorNotice, PageHeader } from "@/components/ui";
import { CreditForm } from "@/components/admin/credit-form";

export const metadata: Metadata = { title: "Credit a wallet" };

export default async function CreditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const search = param(sp, "search");
  const userId = param(sp, "userId");
  const res = search ? await load((api) => api.admin.user.list.query({ search, page: 1 }), "/admin/wallet") : null;
  const users = res?.ok ? res.data.items : [];
  const chosen = users.find((u) => u.id === userId) ?? (users.length === 1 ? users[0] : undefined);

  return (
    <>
      <PageHeader title="Credit a wallet" description="Move money from the CaribEX system account into a user's wallet, for example after a verified deposit." />
      <form className="filters" method="get" action="/admin/wallet" role="search" aria-label="Find the user to credit">
        <div className="field">
          <label htmlFor="search">User</label>
          <input id="search" name="search" type="search" defaultValue={search ?? ""} placeholder="Username or wallet address" required />
        </div>
        <button type="submit">Find</button>
      </form>
      {res && !res.ok ? <ErrorNotice error={res.error} /> : null}
      {search && res?.ok && users.length === 0 ? <EmptyState title="No user matches that search" /> : null}
      {users.length > 1 && !chosen ? (
        <section aria-labelledby="pick">
          <h2 id="pick">Choose the user</h2>
          <ul>
            {users.map((u) => (
              <li key={u.id}>
                <Link href={`/admin/wallet?search=${encodeURIComponent(search ?? "")}&userId=${u.id}`}>
                  {u.username} <span className="mono small">{u.walletAddress}</span> ({u.role})
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {chosen ? <CreditForm key={chosen.id} user={chosen} /> : null}
    </>
  );
}
