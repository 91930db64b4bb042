// /account/passkeys: the signed-in user's passkeys (authClient.passkey.listUserPasskeys), a new
// one added with a WebAuthn registration (passkey.addPasskey, named here), renamed
// (updatePasskey) or deleted (deletePasskey). Adding needs a fresh session (SESSION_NOT_FRESH).
import { useEffect, useState } from "preact/hooks";
import { authClient, messageFor, safely, type ApiError } from "../auth";
import { Alert, Notice } from "../components/Alert";
import { Field, Submit } from "../components/Field";
import { hasWebAuthn } from "../components/PasskeySignIn";
import { en } from "../i18n/en";

type Passkey = { id: string; name?: string | null; createdAt: string | Date };

export function Passkeys() {
  const [rows, setRows] = useState<Passkey[] | null>(null);
  const [name, setName] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  const [newName, setNewName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = async () => {
    const res = await safely(() => authClient.passkey.listUserPasskeys());
    if (res.error) setError(messageFor(res.error));
    else setRows((res.data as Passkey[] | null) ?? []);
  };
  useEffect(() => {
    void load();
  }, []);

  /** One call at a time; its error or `done` is announced, and the list reloads. */
  const run = async (call: () => Promise<{ error?: ApiError }>, done: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    const res = await safely(call);
    setBusy(false);
    if (res.error) {
      setError(messageFor(res.error));
      return false;
    }
    setNotice(done);
    await load();
    return true;
  };

  const add = async (e: Event) => {
    e.preventDefault();
    const label = name.trim() || en.passkeys.unnamed;
    if (await run(() => authClient.passkey.addPasskey({ name: label }), en.passkeys.added)) setName("");
  };

  const rename = async (e: Event) => {
    e.preventDefault();
    const id = editing!;
    if (await run(() => authClient.passkey.updatePasskey({ id, name: newName.trim() }), en.passkeys.renamed)) setEditing(null);
  };

  return (
    <section aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">{en.passkeys.tab}</h2>
      <p>{en.passkeys.intro}</p>
      <Alert text={error} />
      <Notice text={notice} />
      {rows === null ? (
        <p>{en.loading}</p>
      ) : rows.length === 0 ? (
        <p class="hint">{en.passkeys.noPasskeys}</p>
      ) : (
        <ul class="sessions">
          {rows.map((p) => (
            <li key={p.id} class="session" data-passkey-id={p.id}>
              {editing === p.id ? (
                <form onSubmit={rename}>
                  <Field id="passkey-new-name" label={en.passkeys.newName} value={newName} onInput={setNewName} autocomplete="off" required />
                  <div class="row">
                    <Submit busy={busy} label={en.passkeys.save} busyLabel={en.account.saving} />
                    <button type="button" class="secondary" onClick={() => setEditing(null)}>
                      {en.passkeys.cancel}
                    </button>
                  </div>
                </form>
              ) : (
                <>
                  <div class="session-device">
                    <strong>{p.name || en.passkeys.unnamed}</strong>
                  </div>
                  <div class="session-meta">
                    {en.passkeys.created} {new Date(p.createdAt).toLocaleString()}
                  </div>
                  <div class="row">
                    <button type="button" class="secondary" disabled={busy} aria-label={`${en.passkeys.rename} ${p.name ?? ""}`} onClick={() => { setEditing(p.id); setNewName(p.name ?? ""); }}>
                      {en.passkeys.rename}
                    </button>
                    <button type="button" class="secondary" disabled={busy} aria-label={`${en.passkeys.remove} ${p.name ?? ""}`} onClick={() => run(() => authClient.passkey.deletePasskey({ id: p.id }), en.passkeys.removed)}>
                      {en.passkeys.remove}
                    </button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {hasWebAuthn() && (
        <form onSubmit={add}>
          <Field id="passkey-name" label={en.passkeys.name} value={name} onInput={setName} autocomplete="off" />
          <Submit busy={busy} label={en.passkeys.add} busyLabel={en.passkeys.addBusy} />
        </form>
      )}
    </section>
  );
}
