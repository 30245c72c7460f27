import type { Metadata } from "next";
import Link from "next/link";
import { countOf, ROLES } from "@caribex/domain";
import { load } from "@/lib/load";
import { formatDate } from "@/lib/money";
import { hrefWith, oneOf, pageParam, param, type SearchParams } from "@/lib/search-params";
import { EmptyState, ErrorNotice, PageHeader, Pagination } from "@/components/ui";
import { RoleForm } from "@/components/admin/role-form";
import { SignOutUserButton } from "@/components/admin/sign-out-user-button";
import { SuspensionControl } from "@/components/admin/suspension-control";
import { getViewer } from "@/lib/viewer";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const state = { search: param(sp, "search"), role: oneOf(sp, "role", ROLES), page: pageParam(sp) };
  const [res, viewer] = await Promise.all([load((api) => api.admin.user.list.query(state), "/admin/users"), getViewer()]);
  return (
    <>
      <PageHeader title="Users" description="Everyone who has signed in. Promote a shopper to seller so they can list products." />
      <form className="filters" method="get" action="/admin/users" role="search" aria-label="Find users">
        <div className="field">
          <label htmlFor="search">Search</label>
          <input id="search" name="search" type="search" defaultValue={state.search ?? ""} placeholder="Username or wallet address" />
        </div>
        <div className="field">
          <label htmlFor="role">Role</label>
          <select id="role" name="role" defaultValue={state.role ?? ""}>
            <option value="">Any role</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Apply</button>
        {state.search || state.role ? (
          <Link href="/admin/users" className="button button-secondary">
            Reset
          </Link>
        ) : null}
      </form>
      {!res.ok ? (
        <ErrorNotice error={res.error} />
      ) : res.data.items.length === 0 ? (
        <EmptyState title="No users match" />
      ) : (
        <>
          <p className="muted small">{countOf(res.data.total, "user")}</p>
          <div className="table-wrap">
            <table className="data stack-on-phone">
              <caption className="visually-hidden">Users</caption>
              <thead>
                <tr>
                  <th scope="col">Username</th>
                  <th scope="col">Wallet address</th>
                  <th scope="col">Joined</th>
                  <th scope="col">Role</th>
                  <th scope="col">Wallet</th>
                  <th scope="col">Sessions</th>
                  <th scope="col">Access</th>
                </tr>
              </thead>
              <tbody>
                {res.data.items.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">{u.username}</th>
                    <td className="mono" data-label="Wallet address">{u.walletAddress}</td>
                    <td className="small" data-label="Joined">{formatDate(u.createdAt)}</td>
                    <td data-label="Role">
                      <RoleForm userId={u.id} username={u.username} role={u.role} />
                    </td>
                    <td data-label="Wallet">
                      <Link href={`/admin/wallet?search=${encodeURIComponent(u.walletAddress)}`} aria-label={`Credit wallet of ${u.username}`}>
                        Credit
                      </Link>
                    </td>
                    <td data-label="Sessions">
                      <SignOutUserButton userId={u.id} username={u.username} />
                    </td>
                    <td data-label="Access">
                      <SuspensionControl
                        userId={u.id}
                        username={u.username}
                        suspendedAt={u.suspendedAt}
                        suspensionReason={u.suspensionReason}
                        suspendable={u.role !== "admin" && u.id !== viewer?.id}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={res.data.page} pageCount={Math.max(1, Math.ceil(res.data.total / res.data.pageSize))} href={(page) => hrefWith("/admin/users", state, { page })} label="User pages" />
        </>
      )}
    </>
  );
}
