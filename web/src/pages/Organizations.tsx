// /account/organizations: the user's organizations (organization.list), the active one marked
// and another made active with setActive; creating one (name, a short name suggested from it
// and checked with checkSlug); and the active organization's members and invitations below.
import { useEffect, useState } from "preact/hooks";
import { authClient, messageFor, safely } from "../auth";
import { Alert, Notice } from "../components/Alert";
import { Field, Submit } from "../components/Field";
import { useAction } from "../components/useAction";
import { en } from "../i18n/en";
import { OrgActive } from "./OrgActive";

type Org = { id: string; name: string; slug: string };

/** "Café Ünïon, Inc." → "cafe-union-inc": lower-case letters, digits and dashes only. */
export function slugFrom(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
}

export function Organizations({ userId }: { userId: string }) {
  const [orgs, setOrgs] = useState<Org[] | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [version, setVersion] = useState(0); // re-mounts the active panel after a change
  const act = useAction();

  const load = async () => {
    const [list, session] = await Promise.all([safely(() => authClient.organization.list()), safely(() => authClient.getSession())]);
    // organization = false on the server: its routes answer a bare 404 (no code).
    if (list.error) act.setError(list.error.status === 404 && !list.error.code ? en.orgs.off : messageFor(list.error));
    setOrgs((list.data as Org[] | null) ?? []);
    const s = session.data as { session?: { activeOrganizationId?: string | null } } | null;
    setActiveId(s?.session?.activeOrganizationId ?? null);
    setVersion((v) => v + 1);
  };
  useEffect(() => {
    void load();
  }, []);

  const makeActive = (id: string) => act.run(() => authClient.organization.setActive({ organizationId: id }), null, load);

  return (
    <section aria-labelledby="orgs-title">
      <h2 id="orgs-title">{en.orgs.mine}</h2>
      <Alert text={act.error} />
      <Notice text={act.notice} />
      {orgs === null ? (
        <p>{en.loading}</p>
      ) : orgs.length === 0 ? (
        <p class="hint">{en.orgs.noOrganizations}</p>
      ) : (
        <ul class="items">
          {orgs.map((o) => (
            <li key={o.id} class="item org" data-org-slug={o.slug}>
              <div class="session-device">
                <strong>{o.name}</strong> <span class="session-meta">{o.slug}</span>
                {o.id === activeId && <span class="badge">{en.orgs.active}</span>}
              </div>
              {o.id !== activeId && (
                <button type="button" class="secondary" disabled={act.busy} onClick={() => makeActive(o.id)}>
                  {en.orgs.makeActive} <span class="visually-hidden">{o.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <CreateOrg onCreated={load} />
      {activeId && <OrgActive key={`${activeId}-${version}`} orgId={activeId} userId={userId} onLeft={load} />}
    </section>
  );
}

function CreateOrg({ onCreated }: { onCreated: () => Promise<void> }) {
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [slugState, setSlugState] = useState<{ slug: string; free: boolean; text: string } | null>(null);
  const act = useAction();
  const shownSlug = slugEdited ? slug : slugFrom(name);

  // Checks the short name once typing pauses; the server checks again on create anyway.
  useEffect(() => {
    if (!shownSlug) return;
    const timer = setTimeout(async () => {
      const res = await safely(() => authClient.organization.checkSlug({ slug: shownSlug }));
      setSlugState({ slug: shownSlug, free: !res.error, text: res.error ? messageFor(res.error) : en.orgs.slugFree });
    }, 400);
    return () => clearTimeout(timer);
  }, [shownSlug]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await act.run(() => authClient.organization.create({ name: name.trim(), slug: shownSlug }), en.orgs.created);
    if (ok) {
      setName("");
      setSlug("");
      setSlugEdited(false);
      setSlugState(null);
      await onCreated();
    }
  };
  const check = slugState && slugState.slug === shownSlug ? slugState : null;

  return (
    <form onSubmit={submit} aria-labelledby="org-create-title">
      <h3 id="org-create-title">{en.orgs.createTitle}</h3>
      <Alert text={act.error} />
      <Notice text={act.notice} />
      <Field id="org-name" label={en.orgs.name} value={name} onInput={setName} autocomplete="organization" required />
      <Field
        id="org-slug"
        label={en.orgs.slug}
        value={shownSlug}
        onInput={(v) => {
          setSlug(v);
          setSlugEdited(true);
        }}
        autocomplete="off"
        required
        describedBy="org-slug-check"
        invalid={check ? !check.free : undefined}
      />
      <p id="org-slug-check" class={check && !check.free ? "hint hint-bad" : "hint"} aria-live="polite">
        {check?.text ?? ""}
      </p>
      <Submit busy={act.busy} label={en.orgs.create} busyLabel={en.orgs.creating} />
    </form>
  );
}
