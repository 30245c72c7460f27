import type { Metadata } from "next";
import { requireViewer } from "@/lib/trpc/server";
import { AddressBook } from "./address-book";

export const metadata: Metadata = { title: "Addresses" };

export default async function AddressesPage() {
  await requireViewer("/addresses");
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Your addresses</h1>
        <p className="hint">Sellers ship to the address you choose at checkout. The newest one is chosen for you.</p>
      </div>
      <AddressBook />
    </div>
  );
}
