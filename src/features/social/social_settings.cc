#include "features/social/social_settings.h"

#include <algorithm>

#include "features/social/provider_json.h"

namespace latchkey::social {
namespace {

using settings::FamilyMember;
using settings::Redact;
using settings::Type;

// One member of the oidc_<id>_* family and where it lands.
struct Field {
  FamilyMember member;
  std::string ProviderSettings::*text = nullptr;
  std::vector<std::string> ProviderSettings::*list = nullptr;
  bool ProviderSettings::*flag = nullptr;
};

const std::vector<Field>& Fields() {
  using P = ProviderSettings;
  static const std::vector<Field> kFields = {
      {{"preset", Type::kString, Redact::kNone,
        "`github`, `google`, `microsoft`, `apple`, or empty for OpenID Connect by issuer; "
        "default: the id when it names a preset"},
       &P::preset},
      {{"display_name", Type::kString, Redact::kNone, "the name sign-in pages show"},
       &P::display_name},
      {{"issuer", Type::kString, Redact::kNone,
        "the OpenID provider's issuer (exact); discovery reads "
        "`<issuer>/.well-known/openid-configuration`"},
       &P::issuer},
      {{"client_id", Type::kString, Redact::kNone, "the client id registered at the provider"},
       &P::client_id},
      {{"client_secret", Type::kString, Redact::kAll, "the client secret (secret)"},
       &P::client_secret},
      {{"scopes", Type::kList, Redact::kNone,
        "scopes asked for (comma list); default `openid,email,profile` or the preset's"},
       nullptr,
       &P::scopes},
      {{"token_auth", Type::kString, Redact::kNone,
        "client authentication at the token endpoint: `client_secret_basic` (default; Apple: "
        "`client_secret_post`) or `client_secret_post`"},
       &P::token_auth},
      {{"disable_sign_up", Type::kBool, Redact::kNone,
        "`true`: this provider signs in existing users only"},
       nullptr,
       nullptr,
       &P::disable_sign_up},
      {{"authorization_endpoint", Type::kString, Redact::kNone,
        "overrides discovery's (or the preset's)"},
       &P::authorization_endpoint},
      {{"token_endpoint", Type::kString, Redact::kNone, "overrides discovery's"},
       &P::token_endpoint},
      {{"userinfo_endpoint", Type::kString, Redact::kNone, "overrides discovery's"},
       &P::userinfo_endpoint},
      {{"jwks_uri", Type::kString, Redact::kNone, "overrides discovery's"}, &P::jwks_uri},
      {{"emails_endpoint", Type::kString, Redact::kNone, "GitHub: its e-mail API"},
       &P::emails_endpoint},
      {{"user_id_field", Type::kString, Redact::kNone,
        "plain OAuth 2.0: the user's id in the user API's answer (dotted path, e.g. `data.id`); "
        "default `sub`, then `id`"},
       &P::user_id_field},
      {{"email_field", Type::kString, Redact::kNone,
        "the e-mail in the user API's answer (dotted path); default `email`"},
       &P::email_field},
      {{"email_verified_field", Type::kString, Redact::kNone,
        "whether the provider verified that e-mail (dotted path; `true` or \"true\" there); "
        "default `email_verified`"},
       &P::email_verified_field},
      {{"name_field", Type::kString, Redact::kNone,
        "the name in the user API's answer (dotted path); default `name`, then `login`"},
       &P::name_field},
      {{"image_field", Type::kString, Redact::kNone,
        "the picture's URL in the user API's answer (dotted path); default `picture`, then "
        "`avatar_url`"},
       &P::image_field},
      {{"team_id", Type::kString, Redact::kNone, "Apple: the team id"}, &P::team_id},
      {{"key_id", Type::kString, Redact::kNone, "Apple: the Sign in with Apple key's id"},
       &P::key_id},
      {{"private_key", Type::kString, Redact::kAll,
        "Apple: the key (.p8 PEM) that signs the client secret (secret)"},
       &P::private_key},
  };
  return kFields;
}

const Field* FieldOf(const FamilyMember& member) {
  for (const Field& f : Fields()) {
    if (f.member.field == member.field) return &f;
  }
  return nullptr;
}

settings::KeyFamily ProviderFamily() {
  settings::KeyFamily family;
  family.prefix = "oidc";
  for (const Field& f : Fields()) family.members.push_back(f.member);
  family.set = [](Config& config, const std::string& id, const FamilyMember& member,
                  const settings::Value& value) {
    ProviderSettings& p = config.Mutable<SocialSettings>().providers[id];
    const Field* f = FieldOf(member);
    if (f == nullptr) return;
    if (f->text != nullptr) p.*(f->text) = std::get<std::string>(value);
    if (f->list != nullptr) p.*(f->list) = std::get<std::vector<std::string>>(value);
    if (f->flag != nullptr) p.*(f->flag) = std::get<bool>(value);
  };
  family.ids = [](const Config& config) {
    std::vector<std::string> ids;
    for (const auto& [id, unused] : config.Get<SocialSettings>().providers) ids.push_back(id);
    return ids;
  };
  family.get = [](const Config& config, const std::string& id,
                  const FamilyMember& member) -> settings::Value {
    const auto& providers = config.Get<SocialSettings>().providers;
    auto it = providers.find(id);
    const Field* f = FieldOf(member);
    if (it == providers.end() || f == nullptr) return std::string();
    if (f->text != nullptr) return it->second.*(f->text);
    if (f->list != nullptr) return it->second.*(f->list);
    return it->second.*(f->flag);
  };
  return family;
}

bool IsPreset(const std::string& name) {
  return name == "github" || name == "google" || name == "microsoft" || name == "apple";
}

// The user-info mapping (docs/social.md "Plain OAuth 2.0 providers"):
// well-formed paths, into a user API latchkey reads. GitHub's profile has
// its own reading (and its e-mail API); an OpenID provider's user id is
// its ID token's `sub`.
Result<void> ValidateMapping(const std::string& id, const ProviderSettings& p, bool oauth_only) {
  const std::pair<const char*, const std::string*> mapping[] = {
      {"user_id_field", &p.user_id_field},
      {"email_field", &p.email_field},
      {"email_verified_field", &p.email_verified_field},
      {"name_field", &p.name_field},
      {"image_field", &p.image_field}};
  for (const auto& [name, value] : mapping) {
    if (value->empty()) continue;
    const std::string key = "oidc_" + id + "_" + name;
    if (!IsJsonPath(*value)) {
      return Fail(settings::ConfigError(
          key + ": a dotted path of [A-Za-z0-9_-] names (at most 8), e.g. data.user.id"));
    }
    if (p.preset == "github" || p.preset == "apple") {
      return Fail(
          settings::ConfigError(key + ": the " + p.preset + " preset reads its own profile"));
    }
  }
  if (!p.user_id_field.empty() && !oauth_only) {
    return Fail(settings::ConfigError("oidc_" + id +
                                      "_user_id_field: an OpenID provider's user is its ID "
                                      "token's sub; only a plain OAuth 2.0 provider maps it"));
  }
  return {};
}

Result<void> ValidateProviders(SocialSettings& s) {
  for (const auto& [id, unused] : s.providers) {
    if (std::find(s.oidc_providers.begin(), s.oidc_providers.end(), id) == s.oidc_providers.end()) {
      return Fail(settings::ConfigError("oidc_" + id + "_*: " + id + " is not in oidc_providers"));
    }
  }
  for (const std::string& id : s.oidc_providers) {
    if (id.empty() ||
        id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
      return Fail(settings::ConfigError("oidc_providers: an id is [a-z0-9_], got \"" + id + "\""));
    }
    ProviderSettings& p = s.providers[id];
    if (p.preset.empty() && IsPreset(id)) p.preset = id;
    if (!p.preset.empty() && !IsPreset(p.preset)) {
      return Fail(settings::ConfigError("oidc_" + id + "_preset: unknown preset " + p.preset));
    }
    LK_TRY(settings::OneOf("oidc_" + id + "_token_auth", p.token_auth,
                           {"", "client_secret_basic", "client_secret_post"}));
    if (p.token_auth.empty()) {
      p.token_auth = p.preset == "apple" ? "client_secret_post" : "client_secret_basic";
    }
    if (p.client_id.empty()) {
      return Fail(settings::ConfigError("oidc_" + id + "_client_id: required"));
    }
    // A plain OAuth 2.0 provider names its endpoints and asks for no
    // OpenID scope: it has no issuer (and no ID token to check).
    const bool asks_openid =
        std::find(p.scopes.begin(), p.scopes.end(), "openid") != p.scopes.end();
    const bool oauth_only =
        p.preset == "github" || (p.preset.empty() && !p.authorization_endpoint.empty() &&
                                 !p.token_endpoint.empty() && !p.scopes.empty() && !asks_openid);
    const bool has_default_issuer = p.preset == "google" || p.preset == "apple";
    if (!oauth_only && !has_default_issuer && p.issuer.empty()) {
      return Fail(settings::ConfigError("oidc_" + id + "_issuer: required"));
    }
    if (oauth_only && p.preset.empty() && p.userinfo_endpoint.empty()) {
      return Fail(settings::ConfigError(
          "oidc_" + id +
          "_userinfo_endpoint: required for a plain OAuth 2.0 provider (its user "
          "API; without an ID token it is the only account of the user)"));
    }
    LK_TRY(ValidateMapping(id, p, oauth_only));
    if (p.preset == "apple" && p.client_secret.empty() &&
        (p.team_id.empty() || p.key_id.empty() || p.private_key.empty())) {
      return Fail(
          settings::ConfigError("oidc_" + id + ": Apple needs team_id, key_id and private_key"));
    }
  }
  return {};
}

}  // namespace

settings::Table SocialSettingsTable() {
  using S = SocialSettings;
  return settings::SettingsTable<S>("social", "Social sign-in")
      .Add("oidc_providers", &S::oidc_providers,
           "social sign-in providers by id (comma list), each configured by its `oidc_<id>_*` "
           "keys; see [social sign-in](docs/social.md)")
      .Add("trusted_providers", &S::trusted_providers,
           "providers whose verified e-mail links to an existing account by itself")
      .Add("allow_unlinking_all", &S::allow_unlinking_all,
           "let a user unlink the last account they sign in with")
      .Family(ProviderFamily())
      .Validate([](S& s, const Config&) { return ValidateProviders(s); })
      .Build();
}

}  // namespace latchkey::social
