// /account/api-keys: the user's API keys (apiKey.list: never the key itself), a new one made
// with a name and an expiry in days (apiKey.create; its key is shown once, with a copy button)
// and one deleted (apiKey.delete). Creating and deleting want the user's own signed-in session
// (docs/api.md, "API keys as credentials"): the server's refusal is shown as it is catalogued.
// A key's permissions are listed, not chosen: Better Auth makes them server-only over HTTP, so
// the operator grants them (docs/api.md "Route permissions"; docs/compatibility.md).
import { useEffect, useState } from "preact/hooks";
import { authClient, messageFor, safely } from "../auth";
import { Alert, Notice } from "../components/Alert";
import { Field, Submit } from "../components/Field";
import { useAction } from "../components/useAction";
import { en } from "../i18n/en";

type Key = {
  id: string; name: string | null; start: string | null; createdAt: string | Date; expiresAt: string | Date | null;
  permissions?: Record<string, string[]> | null;
};
/** "apiKey: read; files: read, write", or the catalogue's "none". */
const permissionsText = (p: Key["permissions"]) =>
  p && Object.keys(p).length ? Object.entries(p).map(([r, a]) => `${r}: ${a.join(", ")}`).join("; ") : en.apiKeys.noPermissions;
const when = (d: string | Date) => new Date(d).toLocaleString();

export function ApiKeys() {
  const [keys, setKeys] = useState<Key[] | null>(null);
  const [name, setName] = useState("");
  const [days, setDays] = useState("");
  const [fresh, setFresh] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const act = useAction();

  const load = async () => {
    const res = await safely(() => authClient.apiKey.list());
    if (res.error) act.setError(messageFor(res.error));
    else setKeys(((res.data as { apiKeys?: Key[] } | null)?.apiKeys) ?? []);
  };
  useEffect(() => {
    void load();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setFresh(null);
    setCopied(false);
    const n = Number.parseInt(days, 10);
    const expiresIn = Number.isFinite(n) && n > 0 ? n * 86400 : undefined; // seconds, as Better Auth takes it
    const data = (await act.run(() => authClient.apiKey.create({ name: name.trim(), expiresIn }), null, load)) as { key?: string } | null;
    if (data?.key) {
      setFresh(data.key);
      setName("");
      setDays("");
    }
  };
  const copy = async () => {
    if (!fresh) return;
    try {
      await navigator.clipboard.writeText(fresh);
      setCopied(true);
    } catch {
      setCopied(false); // no clipboard permission: the key stays selectable in its field
    }
  };

  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">{en.apiKeys.title}</h2>
      <p class="hint">{en.apiKeys.intro}</p>
      <Alert text={act.error} />
      <Notice text={act.notice} />
      {fresh && (
        <div class="new-key" role="status">
          <p>{en.apiKeys.createdOnce}</p>
          <label for="new-key">{en.apiKeys.newKey}</label>
          <div class="row">
            <input id="new-key" type="text" readOnly value={fresh} autocomplete="off" spellcheck={false} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
            <button type="button" class="secondary" onClick={copy}>
              {en.apiKeys.copy}
            </button>
          </div>
          {copied && <p class="hint">{en.apiKeys.copied}</p>}
        </div>
      )}
      <form onSubmit={submit}>
        <Field id="key-name" label={en.apiKeys.keyName} value={name} onInput={setName} autocomplete="off" required />
        <Field id="key-days" label={en.apiKeys.expiresDays} type="number" value={days} onInput={setDays} autocomplete="off" inputMode="numeric" />
        <Submit busy={act.busy} label={en.apiKeys.create} busyLabel={en.apiKeys.creating} />
      </form>
      <h3 id="keys-list-title">{en.apiKeys.list}</h3>
      {keys === null ? (
        <p>{en.loading}</p>
      ) : keys.length === 0 ? (
        <p class="hint">{en.apiKeys.noKeys}</p>
      ) : (
        <ul class="items" aria-labelledby="keys-list-title">
          {keys.map((k) => (
            <li key={k.id} class="item api-key" data-key-id={k.id}>
              <div class="session-device">
                <strong>{k.name || k.id}</strong> {k.start && <code>{k.start}…</code>}
              </div>
              <div class="session-meta">
                {en.apiKeys.createdOn} {when(k.createdAt)} · {en.apiKeys.expiresOn} {k.expiresAt ? when(k.expiresAt) : en.apiKeys.never}
              </div>
              <div class="session-meta" data-testid="key-permissions">
                {en.apiKeys.permissions}: {permissionsText(k.permissions)}
              </div>
              <button type="button" class="secondary" disabled={act.busy} onClick={() => act.run(() => authClient.apiKey.delete({ keyId: k.id }), en.apiKeys.keyRevoked, load)}>
                {en.apiKeys.revokeKey} <span class="visually-hidden">{k.name ?? k.id}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
