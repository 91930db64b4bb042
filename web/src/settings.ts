// What the server tells the pages before any API call (docs/web.md "Page settings"): a
// <meta name="latchkey-settings"> in index.html holding a JSON object, filled by the server's
// features (the CAPTCHA widget, whether change-email is on, the organization roles, the social
// providers). Data, not script: the CSP needs no exception for it.
export type CaptchaSettings = {
  provider: "turnstile" | "hcaptcha" | "recaptcha";
  siteKey: string;
  scriptUrl: string;
  always: string[]; // route families (sign-up, …) whose every submit wants a solved CAPTCHA
};
/** The configured organization roles, and whether each organization may define its own. */
export type OrganizationSettings = { roles: string[]; dynamicRoles: boolean };
/** A configured social or OpenID provider: the id signIn.social takes, the name on its button. */
export type SocialProvider = { id: string; name: string };
export type PageSettings = {
  captcha?: CaptchaSettings;
  changeEmail?: boolean;
  organization?: OrganizationSettings;
  social?: SocialProvider[];
  oidcProvider?: boolean; // the OpenID provider is on: the admin console lists its clients
  plans?: string[]; // plans are on (docs/plans.md): their ids; the account shows its plan and usage
};

function read(): PageSettings {
  const raw = document.querySelector('meta[name="latchkey-settings"]')?.getAttribute("content");
  if (!raw) return {};
  try {
    return JSON.parse(raw) as PageSettings;
  } catch {
    return {};
  }
}

export const pageSettings: PageSettings = read();
