#include "features/social/issuer.h"

#include "features/social/provider_json.h"
#include "features/social/social_errors.h"

namespace latchkey::social {
namespace {

constexpr std::string_view kMicrosoftPrefix = "https://login.microsoftonline.com/";
constexpr std::string_view kMicrosoftSuffix = "/v2.0";

// A tenant id as Microsoft writes it: a lower-case GUID.
bool IsTenantId(std::string_view tid) {
  if (tid.size() != 36) return false;
  for (std::size_t i = 0; i < tid.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = tid[i];
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Whether tenant `tid` may sign in through `audience`: organizations are
// work accounts (any tenant but the consumers one), consumers the personal
// accounts' tenant only.
bool TenantAllowed(std::string_view audience, std::string_view tid) {
  if (!IsTenantId(tid)) return false;
  if (audience == "organizations") return tid != kMicrosoftConsumersTenant;
  if (audience == "consumers") return tid == kMicrosoftConsumersTenant;
  return true;
}

std::string MicrosoftIssuerOf(std::string_view tid) {
  return std::string(kMicrosoftPrefix) + std::string(tid) + std::string(kMicrosoftSuffix);
}

Error Bad(std::string detail) { return MakeError(errors::kInvalidIdToken, std::move(detail)); }

}  // namespace

std::string_view MicrosoftAudience(std::string_view issuer) {
  if (issuer.size() <= kMicrosoftPrefix.size() + kMicrosoftSuffix.size() ||
      !issuer.starts_with(kMicrosoftPrefix) || !issuer.ends_with(kMicrosoftSuffix)) {
    return {};
  }
  const std::string_view tenant = issuer.substr(
      kMicrosoftPrefix.size(), issuer.size() - kMicrosoftPrefix.size() - kMicrosoftSuffix.size());
  for (std::string_view audience : {"common", "organizations", "consumers"}) {
    if (tenant == audience) return audience;
  }
  return {};
}

Result<void> CheckIssuer(const std::string& issuer, const boost::json::object& claims) {
  const std::string iss = StringMember(claims, "iss");
  const std::string_view audience = MicrosoftAudience(issuer);
  if (audience.empty()) {
    if (iss != issuer) return Fail(Bad("iss is not the issuer"));
    return {};
  }
  const std::string tid = StringMember(claims, "tid");
  if (!TenantAllowed(audience, tid)) return Fail(Bad("tid missing or not allowed here"));
  if (iss != MicrosoftIssuerOf(tid)) return Fail(Bad("iss is not the tid's issuer"));
  return {};
}

bool IssuerParameterMatches(const std::string& issuer, std::string_view iss) {
  const std::string_view audience = MicrosoftAudience(issuer);
  if (audience.empty()) return iss == issuer;
  if (iss.size() <= kMicrosoftPrefix.size() + kMicrosoftSuffix.size() ||
      !iss.starts_with(kMicrosoftPrefix) || !iss.ends_with(kMicrosoftSuffix))
    return false;
  const std::string_view tid = iss.substr(
      kMicrosoftPrefix.size(), iss.size() - kMicrosoftPrefix.size() - kMicrosoftSuffix.size());
  return TenantAllowed(audience, tid);
}

bool DiscoveryIssuerMatches(const std::string& issuer, std::string_view named) {
  if (MicrosoftAudience(issuer).empty()) return named == issuer;
  return named == kMicrosoftIssuerTemplate || IssuerParameterMatches(issuer, named);
}

}  // namespace latchkey::social
