#include "core/clock.h"

namespace latchkey {
namespace {

// Days since 1970-01-01 → civil date (Howard Hinnant's days_from_civil
// inverse). Pure arithmetic: gmtime_r takes a process-wide lock, and this runs
// several times per get-session.
void CivilFromDays(std::int64_t z, int& year, unsigned& month, unsigned& day) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

void PutDigits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

std::string FormatIsoTime(TimeMs ms) {
  std::int64_t days = ms / 86400000;
  std::int64_t rest = ms % 86400000;
  if (rest < 0) {
    rest += 86400000;
    days -= 1;
  }
  int year;
  unsigned month, day;
  CivilFromDays(days, year, month, day);
  const unsigned millis_of_day = static_cast<unsigned>(rest);
  std::string out = "0000-00-00T00:00:00.000Z";
  PutDigits(&out[0], static_cast<unsigned>(year), 4);  // years 0..9999 (JS range we emit)
  PutDigits(&out[5], month, 2);
  PutDigits(&out[8], day, 2);
  PutDigits(&out[11], millis_of_day / 3600000, 2);
  PutDigits(&out[14], millis_of_day / 60000 % 60, 2);
  PutDigits(&out[17], millis_of_day / 1000 % 60, 2);
  PutDigits(&out[20], millis_of_day % 1000, 3);
  return out;
}

}  // namespace latchkey
