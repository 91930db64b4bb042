// The small message views: /verify-email (the landing after the server checked a link),
// /error (?error= code from the catalogue), the not-found view and the not-yet-built placeholder.
import { Alert, Notice } from "../components/Alert";
import { Page } from "../components/Page";
import { en, errorText } from "../i18n/en";
import { Link } from "../router";

export function VerifyEmail({ query }: { query: URLSearchParams }) {
  const error = query.get("error");
  if (error) return <ErrorView query={query} />;
  return (
    <Page title={en.verify.title}>
      <Notice text={en.verify.body} />
      <p class="links">
        <Link href="/account">{en.verify.continue}</Link>
      </p>
    </Page>
  );
}

export function ErrorView({ query }: { query: URLSearchParams }) {
  return (
    <Page title={en.errorPage.title}>
      <Alert text={errorText(query.get("error"))} />
      <p class="links">
        <Link href="/">{en.errorPage.home}</Link>
      </p>
    </Page>
  );
}

export function NotFound() {
  return (
    <Page title={en.notFound.title}>
      <p>{en.notFound.body}</p>
      <p class="links">
        <Link href="/">{en.notFound.home}</Link>
      </p>
    </Page>
  );
}
