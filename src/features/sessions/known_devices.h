// "New sign-in from a new device" notices (issue 3). Each sign-in is matched
// against the devices the user signed in from before: a long-lived device
// cookie, or else the same user agent from the same network (/24 for IPv4,
// /48 for IPv6, so clients without a cookie jar are not "new" every time).
// A device seen for the first time gets a notice mailed to the owner, in
// the sign-in's own transaction; the very first device (sign-up, or the
// first sign-in after this feature shipped) is only recorded.
#ifndef LK_FEATURES_SESSIONS_KNOWN_DEVICES_H_
#define LK_FEATURES_SESSIONS_KNOWN_DEVICES_H_

#include <string>

#include "core/result.h"
#include "features/common/mail_queue.h"
#include "features/services.h"
#include "features/sessions/session_service.h"
#include "features/users/user.h"
#include "http/request.h"
#include "http/response.h"
#include "store/store.h"

namespace latchkey::sessions {

class KnownDevices {
 public:
  KnownDevices(const Services& services, const SessionService& sessions, MailQueue& mail)
      : services_(services), sessions_(sessions), mail_(mail) {}

  // new_device_notice: devices are recorded and recognised at all.
  bool enabled() const { return sessions_.settings().new_device_notice; }

  // Records the device of `request` for `user` in `tx`; when the device is
  // new and the user has signed in from another device before (and
  // new_device_notice is on), queues the notice mail. `notify` false (sign-up)
  // only records. Returns the device id for SetCookie(), "" when the feature
  // is off.
  Result<std::string> OnSignIn(store::Transaction& tx, const http::Request& request,
                               const users::User& user, bool notify) const;

  // Sets the device cookie (400 days, HttpOnly) unless `device_id` is empty.
  void SetCookie(http::Response& response, const std::string& device_id) const;

  // Whether the request's device cookie is one the account of `email` signed
  // in from before (ASVS 2.2.1: such a device keeps its own lockout). Only
  // the cookie counts, checked against its HMAC in known_devices, so a
  // stranger cannot claim the owner's device (user agent and network are
  // easy to copy; a 32-character random id is not). Returns a key for the
  // device (a keyed hash, never the cookie), "" when the cookie is absent,
  // malformed or unknown, or new_device_notice is off. Costs no query
  // without a well-formed cookie.
  Result<std::string> Recognize(store::Store& store, const http::Request& request,
                                std::string_view email) const;

 private:
  const Services& services_;
  const SessionService& sessions_;
  MailQueue& mail_;
};

// The network part of an address used to recognise a device: the /24 of an
// IPv4 address, the /48 of an IPv6 one, the text itself if unparsable.
std::string NetworkPrefix(const std::string& address);

}  // namespace latchkey::sessions

#endif  // LK_FEATURES_SESSIONS_KNOWN_DEVICES_H_
