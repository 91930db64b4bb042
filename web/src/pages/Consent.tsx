// /oauth2-consent: an application asks to sign the user in through latchkey (the OpenID provider,
// docs/oidc.md). The server sends the browser here with the authorization request, signed, as the
// query (Better Auth's oauth_query); the page names the application (lk_client_name, the last one:
// the server's, appended after whatever the request carried) and the scopes, and answers with
// POST /oauth2/consent {accept, oauth_query}, which returns where to send the browser: the
// application's redirect URI with a code, or with error=access_denied.
import { useEffect, useState } from "preact/hooks";
import { authClient, messageFor, safely } from "../auth";
import { Alert } from "../components/Alert";
import { Page } from "../components/Page";
import { en } from "../i18n/en";
import { navigate } from "../router";

type Answer = { redirect?: boolean; url?: string };

export function Consent({ query }: { query: URLSearchParams }) {
  const t = en.consent;
  const [email, setEmail] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const names = query.getAll("lk_client_name");
  const client = names[names.length - 1] || query.get("client_id") || t.unknownApp;
  const scopes = (query.get("scope") ?? "").split(" ").filter(Boolean);

  useEffect(() => {
    void (async () => {
      const res = await safely(() => authClient.getSession());
      const data = res.data as { user?: { email: string } } | null;
      // Signed out (the session ended meanwhile): sign in, then come back here.
      if (!data?.user) return navigate(`/sign-in?redirect=${encodeURIComponent(window.location.pathname + window.location.search)}`, true);
      setEmail(data.user.email);
    })();
  }, []);

  const answer = async (accept: boolean) => {
    setBusy(true);
    setError(null);
    const oauthQuery = window.location.search.slice(1);
    const res = await safely(() => authClient.$fetch<Answer>("/oauth2/consent", { method: "POST", body: { accept, oauth_query: oauthQuery } }));
    const url = (res.data as Answer | null)?.url;
    if (res.error || !url) {
      setBusy(false);
      return setError(messageFor(res.error));
    }
    window.location.assign(url); // the application's redirect URI, which the server checked
  };

  if (!email) return <p class="loading" role="status">{en.loading}</p>;
  return (
    <Page title={t.title}>
      <p data-testid="consent-text">
        <strong>{client}</strong> {t.wants}
      </p>
      <ul class="scopes" data-testid="consent-scopes">
        {scopes.map((s) => (
          <li key={s}>{t.scopes[s] ?? s}</li>
        ))}
      </ul>
      <p class="hint">
        {t.signedInAs} <strong>{email}</strong>
      </p>
      <Alert text={error} />
      <div class="row">
        <button type="button" class="primary" disabled={busy} onClick={() => void answer(true)}>
          {t.allow}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void answer(false)}>
          {t.deny}
        </button>
      </div>
    </Page>
  );
}
