// /admin/clients: the OpenID provider's OAuth clients (docs/oidc.md "Clients") through the admin
// routes: list, register (the secret shown once), rotate a secret, delete. Each action needs its
// oauth_clients:* permission; the server checks it again.
import { useEffect, useState } from "preact/hooks";
import { Checkbox, Field, Submit } from "../../components/Field";
import { en } from "../../i18n/en";
import { AdminAlert } from "./AdminAlert";
import { adminMessage, latchkeyGet, latchkeyPost } from "./shared";
import type { Can } from "./Admin";

type Client = { client_id: string; client_name: string; redirect_uris: string[]; public: boolean; client_secret?: string };
const t = en.clients;

export function AdminClients({ can }: { can: Can }) {
  const [clients, setClients] = useState<Client[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<Client | null>(null); // the one answer that carries a secret
  const [name, setName] = useState("");
  const [uris, setUris] = useState("");
  const [isPublic, setPublic] = useState(false);
  const [skip, setSkip] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    const res = await latchkeyGet<Client[]>("/oauth2/list-clients", {});
    if (res.error || !res.data) return setError(adminMessage(res.error));
    setClients(res.data);
  };
  useEffect(() => {
    void load();
  }, []);

  const act = async (path: string, body: Record<string, unknown>) => {
    setError(null);
    const res = await latchkeyPost<Client>(path, body);
    if (res.error) return setError(adminMessage(res.error));
    setShown(res.data?.client_secret ? res.data : null);
    await load();
  };
  const create = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    await act("/oauth2/create-client", {
      client_name: name.trim(), skip_consent: skip,
      redirect_uris: uris.split("\n").map((u) => u.trim()).filter(Boolean),
      token_endpoint_auth_method: isPublic ? "none" : "client_secret_basic",
    });
    setBusy(false);
  };
  const remove = (id: string) => {
    if (window.confirm(t.confirmDelete)) void act("/oauth2/delete-client", { client_id: id });
  };

  return (
    <section aria-labelledby="clients-title">
      <h2 id="clients-title">{t.tab}</h2>
      <p>{t.intro}</p>
      <AdminAlert text={error} />
      {shown && (
        <div class="notice" role="status" data-testid="client-secret">
          <p>{t.secretOnce}</p>
          <p>{t.clientId}: <code>{shown.client_id}</code></p>
          <p>{t.secret}: <code>{shown.client_secret}</code></p>
        </div>
      )}
      {clients && clients.length === 0 && <p>{t.empty}</p>}
      {clients && clients.length > 0 && (
        <table data-testid="clients">
          <thead>
            <tr><th>{t.name}</th><th>{t.clientId}</th><th>{t.kind}</th><th>{t.redirectUris}</th><th /></tr>
          </thead>
          <tbody>
            {clients.map((c) => (
              <tr key={c.client_id}>
                <td>{c.client_name}</td>
                <td><code>{c.client_id}</code></td>
                <td>{c.public ? t.public : t.confidential}</td>
                <td>{c.redirect_uris.join(" ")}</td>
                <td>
                  {can("oauth_clients:rotate-secret") && !c.public && (
                    <button type="button" onClick={() => void act("/oauth2/rotate-client-secret", { client_id: c.client_id })}>{t.rotate}</button>
                  )}
                  {can("oauth_clients:delete") && <button type="button" onClick={() => remove(c.client_id)}>{t.remove}</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can("oauth_clients:create") && (
        <form onSubmit={create}>
          <Field id="client-name" label={t.name} value={name} onInput={setName} autocomplete="off" required />
          <div class="field">
            <label for="client-uris">{t.redirectUris}</label>
            <textarea id="client-uris" value={uris} onInput={(e) => setUris((e.target as HTMLTextAreaElement).value)} required />
          </div>
          <Checkbox id="client-public" label={t.publicClient} checked={isPublic} onChange={setPublic} />
          <Checkbox id="client-skip" label={t.skipConsent} checked={skip} onChange={setSkip} />
          <Submit busy={busy} label={t.create} busyLabel={t.creating} />
        </form>
      )}
    </section>
  );
}
