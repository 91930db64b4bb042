// /admin/users: the user list of adminClient.listUsers, searched by e-mail, filtered (one
// filterField at a time, as the API takes), sorted and paged. The form writes the URL's query, so
// a search is a link and Back works; the list is fetched from the query.
import { useEffect, useState } from "preact/hooks";
import { authClient, safely } from "../../auth";
import { Field } from "../../components/Field";
import { en } from "../../i18n/en";
import { Link, navigate } from "../../router";
import { AdminAlert } from "./AdminAlert";
import { adminMessage, when } from "./shared";

type User = { id: string; email: string; name: string; role?: string | null; banned?: boolean | null; createdAt: string | Date };
const PAGE = 20;
// "field:value" of the one filter the API applies.
const FILTERS = ["", "role:admin", "role:support", "role:billing_admin", "role:user", "banned:true", "banned:false"];
const SORTS = ["createdAt:desc", "createdAt:asc", "email:asc", "email:desc"];

function filterLabel(f: string): string {
  if (f === "") return en.admin.any;
  if (f === "banned:true") return en.admin.bannedOnly;
  if (f === "banned:false") return en.admin.activeOnly;
  return `${en.admin.role}: ${f.slice(5)}`;
}
const SORT_LABELS = [en.admin.sortCreatedDesc, en.admin.sortCreatedAsc, en.admin.sortEmailAsc, en.admin.sortEmailDesc];

export function AdminUsers({ query }: { query: URLSearchParams }) {
  const [q, setQ] = useState(query.get("q") ?? "");
  const [filter, setFilter] = useState(FILTERS.includes(query.get("filter") ?? "") ? query.get("filter")! : "");
  const [sort, setSort] = useState(SORTS.includes(query.get("sort") ?? "") ? query.get("sort")! : SORTS[0]);
  const page = Math.max(0, Number.parseInt(query.get("page") ?? "0", 10) || 0);
  const [result, setResult] = useState<{ users: User[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const [sortBy, sortDirection] = sort.split(":") as [string, "asc" | "desc"];
    const [filterField, filterValue] = filter ? filter.split(":") : [undefined, undefined];
    void safely(() =>
      authClient.admin.listUsers({
        query: {
          ...(q.trim() ? { searchValue: q.trim(), searchField: "email" as const, searchOperator: "contains" as const } : {}),
          ...(filterField ? { filterField, filterValue, filterOperator: "eq" as const } : {}),
          sortBy,
          sortDirection,
          limit: PAGE,
          offset: page * PAGE,
        },
      }),
    ).then((res) => {
      if (res.error) setError(adminMessage(res.error));
      else setResult(res.data as { users: User[]; total: number });
    });
  }, []);

  const href = (p: number) => {
    const params = new URLSearchParams({ q: q.trim(), filter, sort, page: String(p) });
    return `/admin/users?${params.toString()}`;
  };
  const submit = (e: Event) => {
    e.preventDefault();
    navigate(href(0));
  };
  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE)) : 1;

  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">{en.admin.users}</h2>
      <form class="filters" onSubmit={submit} role="search">
        <Field id="q" label={en.admin.search} type="search" value={q} onInput={setQ} autocomplete="off" />
        <div class="field">
          <label for="filter">{en.admin.filter}</label>
          <select id="filter" name="filter" value={filter} onChange={(e) => setFilter(e.currentTarget.value)}>
            {FILTERS.map((f) => <option key={f} value={f}>{filterLabel(f)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="sort">{en.admin.sort}</label>
          <select id="sort" name="sort" value={sort} onChange={(e) => setSort(e.currentTarget.value)}>
            {SORTS.map((s, i) => <option key={s} value={s}>{SORT_LABELS[i]}</option>)}
          </select>
        </div>
        <button type="submit" class="primary">{en.admin.apply}</button>
      </form>
      <AdminAlert text={error} />
      {!result && !error && <p>{en.loading}</p>}
      {result && (
        <>
          <p class="hint" role="status">
            {result.total} {en.admin.total}
          </p>
          {result.users.length === 0 ? (
            <p>{en.admin.noUsers}</p>
          ) : (
            <ul class="sessions" data-testid="user-list">
              {result.users.map((u) => (
                <li key={u.id} class="session" data-user-email={u.email}>
                  <div class="session-device">
                    <strong>{u.email}</strong>
                    {u.banned && <span class="badge badge-bad">{en.admin.suspended}</span>}
                  </div>
                  <div class="session-meta">
                    {u.name} · {en.admin.role}: {u.role ?? "user"} · {en.admin.created} {when(u.createdAt)}
                  </div>
                  <Link href={`/admin/users?id=${encodeURIComponent(u.id)}`}>
                    {en.admin.open} <span class="visually-hidden">{u.email}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          <nav class="pager" aria-label={en.admin.page}>
            {page > 0 && <Link href={href(page - 1)}>{en.admin.previous}</Link>}
            <span>
              {en.admin.page} {page + 1} {en.admin.of} {pages}
            </span>
            {page + 1 < pages && <Link href={href(page + 1)}>{en.admin.next}</Link>}
          </nav>
        </>
      )}
    </section>
  );
}
