// The accounts signed in in this browser (Better Auth's multiSession: listDeviceSessions), the
// current one marked; another made current (setActive) or signed out (revoke); "add another
// account" is the sign-in page. When the server does not answer these calls (multi-session
// off), nothing is shown: it is an extra, not an error.
import { useEffect, useState } from "preact/hooks";
import { authClient, safely } from "../auth";
import { useAction } from "./useAction";
import { Alert } from "./Alert";
import { en } from "../i18n/en";
import { Link } from "../router";

type DeviceSession = { session: { token: string }; user: { id: string; name: string; email: string } };

export function AccountSwitcher({ currentToken, onSwitched }: { currentToken: string; onSwitched: () => void }) {
  const [rows, setRows] = useState<DeviceSession[] | null>(null);
  const act = useAction();

  const load = async () => {
    const res = await safely(() => authClient.multiSession.listDeviceSessions());
    setRows(res.error ? null : ((res.data as DeviceSession[] | null) ?? []));
  };
  useEffect(() => {
    void load();
  }, [currentToken]);

  if (!rows) return null;
  const back = `/sign-in?redirect=${encodeURIComponent(window.location.pathname)}`;
  // One account: only the way to add another, no list of one.
  if (rows.length <= 1) {
    return (
      <p class="links">
        <Link href={back}>{en.switcher.add}</Link>
      </p>
    );
  }
  return (
    <section class="switcher" aria-labelledby="switcher-title">
      <h2 id="switcher-title">{en.switcher.title}</h2>
      <Alert text={act.error} />
      <ul class="items">
        {rows.map((r) => {
          const current = r.session.token === currentToken;
          return (
            <li key={r.session.token} class="item device-account" data-account-email={r.user.email}>
              <div class="session-device">
                <strong>{r.user.name}</strong> <span>{r.user.email}</span>
                {current && <span class="badge">{en.switcher.current}</span>}
              </div>
              {!current && (
                <div class="row">
                  <button type="button" class="secondary" disabled={act.busy} onClick={() => act.run(() => authClient.multiSession.setActive({ sessionToken: r.session.token }), null, onSwitched)}>
                    {en.switcher.switchTo} <span class="visually-hidden">{r.user.email}</span>
                  </button>
                  <button type="button" class="secondary" disabled={act.busy} onClick={() => act.run(() => authClient.multiSession.revoke({ sessionToken: r.session.token }), null, load)}>
                    {en.switcher.signOutOf} <span class="visually-hidden">{r.user.email}</span>
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <Link href={back}>{en.switcher.add}</Link>
    </section>
  );
}
