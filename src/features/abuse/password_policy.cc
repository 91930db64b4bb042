#include "features/abuse/password_policy.h"

#include "crypto/password_hash.h"
#include "features/abuse/checks/common_passwords.h"
#include "observability/log.h"
#include "observability/metrics.h"

namespace latchkey::abuse {

Result<std::unique_ptr<PasswordPolicy>> PasswordPolicy::Create(const Config& config) {
  std::unique_ptr<PwnedIndex> index;
  const AbuseSettings& settings = config.Get<AbuseSettings>();
  if (settings.pwned_check == "offline") {
    LK_ASSIGN_OR_RETURN(index, PwnedIndex::Open(settings.pwned_index));
  }
  return std::unique_ptr<PasswordPolicy>(new PasswordPolicy(config, std::move(index)));
}

PasswordPolicy::PasswordPolicy(const Config& config, std::unique_ptr<PwnedIndex> index)
    : settings_(config.Get<AbuseSettings>()), index_(std::move(index)) {
  if (settings_.pwned_check == "online") {
    hibp_.emplace(HibpOptions{.base_url = settings_.hibp_url,
                              .timeout = std::chrono::milliseconds(settings_.hibp_timeout_ms)});
  }
}

Result<PasswordReport> PasswordPolicy::Evaluate(std::string_view password,
                                                std::span<const std::string> context) const {
  LK_ASSIGN_OR_RETURN(std::string normalized, crypto::NormalizePassword(password));
  PasswordReport report;
  report.strength = EvaluateStrength(normalized, context);
  report.common = IsCommonPassword(normalized);
  if (report.common && settings_.common_password_check) return report;
  if (index_) {
    report.breach_count = index_->CountPassword(normalized);
    report.breached = report.breach_count > 0;
  } else if (hibp_) {
    auto count = hibp_->BreachCount(normalized);
    if (count) {
      report.breach_count = *count;
      report.breached = *count > 0;
    } else {
      static metrics::Counter& down = metrics::Global().GetCounter(
          "latchkey_abuse_decisions_total", "Abuse-protection decisions",
          "decision=\"breach_check_unavailable\"");
      down.Inc();
      log::Warn("breached-password check unavailable", {{"code", count.error().code}});
      if (!settings_.pwned_fail_open) return Fail(MakeError(kBreachCheckUnavailable));
    }
  }
  return report;
}

Result<void> PasswordPolicy::Judge(const PasswordReport& report) const {
  if (report.common && settings_.common_password_check) {
    return Fail(MakeError(kPasswordTooCommon));
  }
  if (report.breached.value_or(false) && settings_.pwned_policy == "reject") {
    return Fail(MakeError(kPasswordCompromised));
  }
  if (settings_.min_password_score > 0 && report.strength.score < settings_.min_password_score) {
    return Fail(MakeError(kPasswordTooWeak));
  }
  return {};
}

}  // namespace latchkey::abuse
