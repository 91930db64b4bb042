// Registration and assertion round trips for each algorithm and attestation
// format, built by the test authenticator.
#include "crypto/webauthn/webauthn.h"

#include <gtest/gtest.h>

#include "crypto/webauthn/test_authenticator.h"

namespace latchkey::crypto::webauthn {
namespace {

using testing::AssertionSpec;
using testing::AuthData;
using testing::ClientDataJson;
using testing::DefaultRp;
using testing::NoneRegistration;
using testing::TestKey;

class RoundTripTest : public ::testing::TestWithParam<int> {};

TEST_P(RoundTripTest, NoneRegistrationThenAssertion) {
  const TestKey key = TestKey::Generate(GetParam());
  auto registered = VerifyRegistration(DefaultRp(), NoneRegistration(key));
  ASSERT_TRUE(registered.has_value())
      << registered.error().code << " " << registered.error().detail;
  EXPECT_EQ(registered->credential_id, testing::kCredentialId);
  EXPECT_EQ(registered->public_key, key.CoseKey());
  EXPECT_EQ(registered->algorithm, GetParam());
  EXPECT_EQ(registered->aaguid, "2a2a2a2a-2a2a-2a2a-2a2a-2a2a2a2a2a2a");
  EXPECT_EQ(registered->attestation_format, "none");
  EXPECT_EQ(registered->origin, testing::kOrigin);
  EXPECT_TRUE(registered->user_verified);
  EXPECT_FALSE(registered->backup_eligible);

  auto spec = AssertionSpec();
  spec.sign_count = 7;
  auto in = testing::Assertion(key, AuthData(spec), ClientDataJson("webauthn.get"));
  in.public_key = registered->public_key;
  in.stored_sign_count = registered->sign_count;
  auto result = VerifyAuthentication(DefaultRp(), in);
  ASSERT_TRUE(result.has_value()) << result.error().code << " " << result.error().detail;
  EXPECT_EQ(result->sign_count, 7u);
  EXPECT_FALSE(result->counter_regressed);
  EXPECT_TRUE(result->user_verified);
}

INSTANTIATE_TEST_SUITE_P(Algorithms, RoundTripTest, ::testing::Values(kEs256, kEdDsa, kRs256));

}  // namespace
}  // namespace latchkey::crypto::webauthn
