"use client";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { NAV_ITEMS, isCurrentSection, sectionHref } from "./nav-items";

export function SideNav() {
  const pathname = usePathname();
  // Moving between sections keeps the environment chosen in the top bar.
  const env = useSearchParams().get("env");
  return (
    <nav aria-label="Console sections" className="w-52 shrink-0 border-r border-zinc-200 bg-white">
      <ul className="space-y-0.5 p-2">
        {NAV_ITEMS.map((item) => {
          const current = isCurrentSection(item.href, pathname);
          return (
            <li key={item.href}>
              <Link
                href={sectionHref(item, env)}
                aria-current={current ? "page" : undefined}
                className={`block rounded-md px-3 py-1.5 text-sm ${current ? "bg-blue-50 font-semibold text-blue-800" : "text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900"}`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
