// An admin call's error; when the server wants a newer sign-in (admin routes need a fresh
// session, docs/permissions.md), a link to sign in again and come back to this page.
import { Alert } from "../../components/Alert";
import { en } from "../../i18n/en";

export function AdminAlert({ text }: { text: string | null }) {
  const stale = text === en.errors.SESSION_NOT_FRESH || text === en.errors.SESSION_EXPIRED;
  const here = encodeURIComponent(window.location.pathname + window.location.search);
  return (
    <>
      <Alert text={text} />
      {stale && (
        <p>
          <a href={`/sign-in?redirect=${here}`}>{en.admin.signInAgain}</a>
        </p>
      )}
    </>
  );
}
