// /admin/audit: latchkey's audit log (docs/audit.md), newest first, filtered by type, actor,
// outcome and time; "Show more" follows the keyset cursor. The CSV export is a plain same-origin
// link with the same filters: the browser downloads it with the session cookie.
import { useEffect, useState } from "preact/hooks";
import { Field } from "../../components/Field";
import { en } from "../../i18n/en";
import { Link, navigate } from "../../router";
import { AdminAlert } from "./AdminAlert";
import { adminMessage, latchkeyGet, when } from "./shared";

type Event = {
  id: string; type: string; outcome: string; createdAt: string; userId: string | null; targetUserId: string | null;
  clientAddress: string | null; details: Record<string, unknown> | null;
};
type PageOf = { events: Event[]; nextCursor: string | null };
const KEYS = ["type", "actor", "outcome", "from", "to"] as const;

/** The API's filters from the page's query: times from datetime-local (local) to ISO with a zone. */
function apiFilters(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of KEYS) {
    const v = query.get(k)?.trim();
    if (!v) continue;
    const time = k === "from" || k === "to" ? new Date(v) : null;
    out[k] = time ? (Number.isNaN(time.getTime()) ? v : time.toISOString()) : v;
  }
  return out;
}

export function AdminAudit({ query, canExport }: { query: URLSearchParams; canExport: boolean }) {
  const [form, setForm] = useState<Record<string, string>>(() => Object.fromEntries(KEYS.map((k) => [k, query.get(k) ?? ""])));
  const [events, setEvents] = useState<Event[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const filters = apiFilters(query);

  const fetchPage = async (after: string | null) => {
    setBusy(true);
    const res = await latchkeyGet<PageOf>("/admin/audit-events", { ...filters, limit: "50", ...(after ? { cursor: after } : {}) });
    setBusy(false);
    if (res.error || !res.data) return setError(adminMessage(res.error));
    setEvents((prev) => [...(after ? prev ?? [] : []), ...res.data!.events]);
    setCursor(res.data.nextCursor);
  };
  useEffect(() => {
    void fetchPage(null);
  }, []);

  const set = (k: string) => (v: string) => setForm({ ...form, [k]: v });
  const submit = (e: Event | SubmitEvent) => {
    (e as SubmitEvent).preventDefault();
    const params = new URLSearchParams(Object.entries(form).filter(([, v]) => v.trim() !== ""));
    navigate(`/admin/audit?${params.toString()}`);
  };
  const exportHref = `/api/auth/admin/audit-events/export?${new URLSearchParams(filters).toString()}`;

  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{en.admin.audit}</h2>
      <form class="filters" onSubmit={submit as (e: SubmitEvent) => void} role="search">
        <Field id="type" label={en.admin.auditType} value={form.type} onInput={set("type")} autocomplete="off" />
        <Field id="actor" label={en.admin.auditActor} value={form.actor} onInput={set("actor")} autocomplete="off" />
        <div class="field">
          <label for="outcome">{en.admin.auditOutcome}</label>
          <select id="outcome" name="outcome" value={form.outcome} onChange={(e) => set("outcome")(e.currentTarget.value)}>
            <option value="">{en.admin.any}</option>
            <option value="success">{en.admin.success}</option>
            <option value="failure">{en.admin.failure}</option>
          </select>
        </div>
        <Field id="from" label={en.admin.from} type="datetime-local" value={form.from} onInput={set("from")} autocomplete="off" />
        <Field id="to" label={en.admin.to} type="datetime-local" value={form.to} onInput={set("to")} autocomplete="off" />
        <button type="submit" class="primary">{en.admin.apply}</button>
      </form>
      {canExport && (
        <p>
          <a href={exportHref} download data-testid="audit-export">{en.admin.export}</a>
        </p>
      )}
      <AdminAlert text={error} />
      {events === null && !error && <p>{en.loading}</p>}
      {events?.length === 0 && <p>{en.admin.noEvents}</p>}
      {events && events.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={en.admin.audit}>
          <table class="audit" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{en.admin.when}</th>
                <th scope="col">{en.admin.type}</th>
                <th scope="col">{en.admin.outcome}</th>
                <th scope="col">{en.admin.actor}</th>
                <th scope="col">{en.admin.target}</th>
                <th scope="col">{en.admin.details}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((ev) => (
                <tr key={ev.id} data-type={ev.type}>
                  <td>{when(ev.createdAt)}</td>
                  <td>{ev.type}</td>
                  <td>{ev.outcome === "success" ? en.admin.success : en.admin.failure}</td>
                  <td>{ev.userId && <Link href={`/admin/users?id=${encodeURIComponent(ev.userId)}`}>{ev.userId}</Link>}</td>
                  <td>{ev.targetUserId && <Link href={`/admin/users?id=${encodeURIComponent(ev.targetUserId)}`}>{ev.targetUserId}</Link>}</td>
                  <td class="details">{ev.details && Object.keys(ev.details).length ? JSON.stringify(ev.details) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" class="secondary" disabled={busy} onClick={() => fetchPage(cursor)}>
          {busy ? en.loading : en.admin.more}
        </button>
      )}
    </section>
  );
}
