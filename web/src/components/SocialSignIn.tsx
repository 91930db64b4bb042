// "Continue with <provider>" on /sign-in and /sign-up, one button per social or OpenID provider
// the server has configured (page settings `social`, docs/web.md). authClient.signIn.social asks
// the server for the provider's authorization URL and sends the browser there; the provider comes
// back to the server's callback, which lands on `target` (a new account on the same place), or on
// /sign-in?error=CODE when something went wrong (the page shows the catalogue's message).
import { useState } from "preact/hooks";
import { authClient, messageFor, safely } from "../auth";
import { en } from "../i18n/en";
import { pageSettings } from "../settings";
import { Alert } from "./Alert";

export function SocialSignIn({ target }: { target: string }) {
  const providers = pageSettings.social ?? [];
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (providers.length === 0) return null;

  const start = async (provider: string) => {
    setBusy(provider);
    setError(null);
    const here = window.location.origin;
    const res = await safely(() =>
      authClient.signIn.social({
        provider,
        callbackURL: here + target,
        newUserCallbackURL: here + target,
        errorCallbackURL: `${here}/sign-in`,
      }),
    );
    // Success navigates away (the client follows the answer's url); only a failure stays.
    if (res.error) {
      setBusy(null);
      setError(messageFor(res.error));
    }
  };

  return (
    <div class="social-sign-in" data-testid="social-sign-in">
      <p class="divider">{en.social.or}</p>
      <Alert text={error} />
      {providers.map((p) => (
        <button key={p.id} type="button" class="secondary wide" disabled={busy !== null} aria-busy={busy === p.id ? "true" : undefined} onClick={() => void start(p.id)}>
          {busy === p.id ? en.social.busy : `${en.social.continueWith} ${p.name}`}
        </button>
      ))}
    </div>
  );
}
