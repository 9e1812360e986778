#include "core/auth/totp.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

using namespace tsunagu::auth;

namespace {

std::string to_hex(const std::string& bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) out += {digits[c >> 4], digits[c & 0x0F]};
  return out;
}

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const std::string kRfcSecret = base32_encode("12345678901234567890");

}  // namespace

// ---- HMAC-SHA1, RFC 2202 section 3 ----

TEST(HmacSha1, Rfc2202Case1) {
  EXPECT_EQ(to_hex(hmac_sha1(std::string(20, '\x0b'), "Hi There")), "b617318655057264e28bc0b6fb378c8ef146be00");
}

TEST(HmacSha1, Rfc2202Case2) {
  EXPECT_EQ(to_hex(hmac_sha1("Jefe", "what do ya want for nothing?")), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(HmacSha1, Rfc2202Case3And4) {
  EXPECT_EQ(to_hex(hmac_sha1(std::string(20, '\xaa'), std::string(50, '\xdd'))),
            "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
  std::string key;
  for (int i = 1; i <= 25; ++i) key.push_back(char(i));
  EXPECT_EQ(to_hex(hmac_sha1(key, std::string(50, '\xcd'))), "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
}

TEST(HmacSha1, Rfc2202Case6And7LongKey) {
  const std::string key(80, '\xaa');
  EXPECT_EQ(to_hex(hmac_sha1(key, "Test Using Larger Than Block-Size Key - Hash Key First")),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112");
  EXPECT_EQ(to_hex(hmac_sha1(key, "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data")),
            "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
}

// Message lengths around the SHA-1 padding boundary (56 mod 64) and key lengths around the block
// size; reference values from Python's hmac module.
TEST(HmacSha1, PaddingAndKeyBoundaries) {
  EXPECT_EQ(to_hex(hmac_sha1("key", std::string(55, 'a'))), "2c95790d8230d0773a0ce6bb69ac3e6da3b8381a");
  EXPECT_EQ(to_hex(hmac_sha1("key", std::string(56, 'a'))), "3a7c937e69723c0d600e998d2043eb323964280d");
  EXPECT_EQ(to_hex(hmac_sha1("key", std::string(63, 'a'))), "9b41b67e7f6b24c7bb41a03892e2a865b8a76dff");
  EXPECT_EQ(to_hex(hmac_sha1("key", std::string(64, 'a'))), "804f18b0143cc2677eeda7b5f60f6984fc32d094");
  EXPECT_EQ(to_hex(hmac_sha1("key", std::string(65, 'a'))), "2727f7133dfac0c2fad40f4743b867671299c1da");
  EXPECT_EQ(to_hex(hmac_sha1("key", std::string(120, 'a'))), "e7b404d213650318ba5d8ec6c7641a8e5563281d");
  EXPECT_EQ(to_hex(hmac_sha1(std::string(64, 'k'), "msg")), "1b372955c5162b8ba20a1974833498d3f7ec728a");
  EXPECT_EQ(to_hex(hmac_sha1(std::string(65, 'k'), "msg")), "b75a0671ed2de039c033e5440f4bf8564f37fefe");
}

// ---- base32, RFC 4648 section 10 ----

TEST(Base32, Rfc4648Vectors) {
  EXPECT_EQ(base32_encode(""), "");
  EXPECT_EQ(base32_encode("f"), "MY");
  EXPECT_EQ(base32_encode("fo"), "MZXQ");
  EXPECT_EQ(base32_encode("foo"), "MZXW6");
  EXPECT_EQ(base32_encode("foob"), "MZXW6YQ");
  EXPECT_EQ(base32_encode("fooba"), "MZXW6YTB");
  EXPECT_EQ(base32_encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(kRfcSecret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(Base32, DecodeAcceptsPaddingLowerCaseAndSpaces) {
  EXPECT_EQ(base32_decode("MZXW6YTBOI======"), "foobar");
  EXPECT_EQ(base32_decode("mzxw6ytboi"), "foobar");
  EXPECT_EQ(base32_decode("MZXW 6YTB OI"), "foobar");
  EXPECT_EQ(base32_decode("MY======"), "f");
  EXPECT_EQ(base32_decode(""), "");
}

TEST(Base32, RoundTripsEveryLength) {
  std::string bytes;
  for (int n = 0; n < 70; ++n) {
    const auto decoded = base32_decode(base32_encode(bytes));
    ASSERT_TRUE(decoded.has_value()) << n;
    EXPECT_EQ(*decoded, bytes) << n;
    bytes.push_back(char(n * 37 + 11));  // covers high-bit bytes too
  }
}

TEST(Base32, RejectsCharactersOutsideAlphabet) {
  EXPECT_FALSE(base32_decode("MZXW1YTB").has_value());  // '1' is not base32
  EXPECT_FALSE(base32_decode("MZXW0YTB").has_value());
  EXPECT_FALSE(base32_decode("MZXW8").has_value());
  EXPECT_FALSE(base32_decode("MZ-W6").has_value());
  EXPECT_FALSE(base32_decode("MZXW6\n").has_value());
  EXPECT_FALSE(base32_decode("ＭＺＸＷ").has_value());  // full-width letters
}

// ---- TOTP, RFC 6238 Appendix B (SHA-1 column) ----

TEST(Totp, Rfc6238Vectors) {
  EXPECT_EQ(totp_code(kRfcSecret, 59, 8), "94287082");
  EXPECT_EQ(totp_code(kRfcSecret, 1111111109, 8), "07081804");
  EXPECT_EQ(totp_code(kRfcSecret, 1111111111, 8), "14050471");
  EXPECT_EQ(totp_code(kRfcSecret, 1234567890, 8), "89005924");
  EXPECT_EQ(totp_code(kRfcSecret, 2000000000, 8), "69279037");
  EXPECT_EQ(totp_code(kRfcSecret, 20000000000LL, 8), "65353130");
}

TEST(Totp, SixDigitsAreTheLowDigitsZeroPadded) {
  EXPECT_EQ(totp_code(kRfcSecret, 59), "287082");
  EXPECT_EQ(totp_code(kRfcSecret, 1111111109), "081804");
  EXPECT_EQ(totp_code(kRfcSecret, 1111111109, 7), "7081804");
}

TEST(Totp, SameStepSameCodeNextStepDifferent) {
  EXPECT_EQ(totp_code(kRfcSecret, 30), totp_code(kRfcSecret, 59));
  EXPECT_NE(totp_code(kRfcSecret, 59), totp_code(kRfcSecret, 60));
}

TEST(Totp, RejectsBadArguments) {
  EXPECT_THROW(totp_code("not base32!", 59), std::invalid_argument);
  EXPECT_THROW(totp_code("", 59), std::invalid_argument);
  EXPECT_THROW(totp_code(kRfcSecret, 59, 0), std::invalid_argument);
  EXPECT_THROW(totp_code(kRfcSecret, 59, 11), std::invalid_argument);
  EXPECT_THROW(totp_code(kRfcSecret, 59, 6, 0), std::invalid_argument);
  EXPECT_THROW(totp_code(kRfcSecret, -1), std::invalid_argument);
}

TEST(Totp, NewSecretIsTwentyRandomBytes) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string s = new_totp_secret();
    ASSERT_EQ(s.size(), 32u);
    const auto raw = base32_decode(s);
    ASSERT_TRUE(raw.has_value());
    EXPECT_EQ(raw->size(), 20u);
    EXPECT_EQ(totp_code(s, 1700000000).size(), 6u);
    seen.insert(s);
  }
  EXPECT_EQ(seen.size(), 200u);
}

// ---- verification window ----

class VerifyTotp : public ::testing::Test {
 protected:
  static constexpr long long kStepStart = 1111111110;  // 37037037 * 30
  const std::string code = totp_code(kRfcSecret, kStepStart);
};

TEST_F(VerifyTotp, AcceptsCurrentStep) {
  EXPECT_TRUE(verify_totp(kRfcSecret, code, kStepStart));
  EXPECT_TRUE(verify_totp(kRfcSecret, code, kStepStart + 29));
  EXPECT_TRUE(verify_totp(kRfcSecret, code, kStepStart, 0));
}

TEST_F(VerifyTotp, AcceptsOneStepEitherSide) {
  EXPECT_TRUE(verify_totp(kRfcSecret, code, kStepStart + 30));
  EXPECT_TRUE(verify_totp(kRfcSecret, code, kStepStart + 59));
  EXPECT_TRUE(verify_totp(kRfcSecret, code, kStepStart - 1));
  EXPECT_TRUE(verify_totp(kRfcSecret, code, kStepStart - 30));
}

TEST_F(VerifyTotp, RejectsTwoStepsAway) {
  EXPECT_FALSE(verify_totp(kRfcSecret, code, kStepStart + 60));
  EXPECT_FALSE(verify_totp(kRfcSecret, code, kStepStart - 31));
  EXPECT_FALSE(verify_totp(kRfcSecret, code, kStepStart + 30, 0));
  EXPECT_TRUE(verify_totp(kRfcSecret, code, kStepStart + 60, 2));
}

TEST_F(VerifyTotp, RejectsWrongCode) {
  std::string wrong = code;
  wrong[5] = wrong[5] == '9' ? '0' : char(wrong[5] + 1);
  EXPECT_FALSE(verify_totp(kRfcSecret, wrong, kStepStart));
  EXPECT_FALSE(verify_totp(base32_encode("another secret"), code, kStepStart));
}

TEST_F(VerifyTotp, RejectsMalformedInputWithoutThrowing) {
  EXPECT_FALSE(verify_totp(kRfcSecret, code.substr(0, 5), kStepStart));
  EXPECT_FALSE(verify_totp(kRfcSecret, code + "0", kStepStart));
  EXPECT_FALSE(verify_totp(kRfcSecret, "", kStepStart));
  EXPECT_FALSE(verify_totp(kRfcSecret, "12a456", kStepStart));
  EXPECT_FALSE(verify_totp(kRfcSecret, " " + code.substr(1), kStepStart));
  EXPECT_FALSE(verify_totp(kRfcSecret, "-12345", kStepStart));
  EXPECT_FALSE(verify_totp(kRfcSecret, totp_code(kRfcSecret, kStepStart, 8), kStepStart));
  EXPECT_NO_THROW(EXPECT_FALSE(verify_totp("!!bad!!", code, kStepStart)));
  EXPECT_NO_THROW(EXPECT_FALSE(verify_totp("", code, kStepStart)));
  EXPECT_NO_THROW(EXPECT_FALSE(verify_totp(kRfcSecret, code, -5)));
  EXPECT_NO_THROW(EXPECT_FALSE(verify_totp(kRfcSecret, code, kStepStart, -1)));
}

TEST(VerifyTotpEdge, WindowDoesNotReachBeforeEpoch) {
  const std::string first = totp_code(kRfcSecret, 0);
  EXPECT_TRUE(verify_totp(kRfcSecret, first, 0, 3));
  EXPECT_TRUE(verify_totp(kRfcSecret, first, 30));
}

// ---- enrolment URI ----

TEST(TotpUri, Format) {
  EXPECT_EQ(totp_uri("Tsunagu", "alice@example.jp", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Tsunagu:alice%40example.jp?secret=JBSWY3DPEHPK3PXP&issuer=Tsunagu"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(TotpUri, PercentEncodesUtf8AndReservedCharacters) {
  EXPECT_EQ(totp_uri("つなぐ 保健所", "a:b/c?d&e=f", "GEZDGNBV"),
            "otpauth://totp/%E3%81%A4%E3%81%AA%E3%81%90%20%E4%BF%9D%E5%81%A5%E6%89%80:a%3Ab%2Fc%3Fd%26e%3Df"
            "?secret=GEZDGNBV&issuer=%E3%81%A4%E3%81%AA%E3%81%90%20%E4%BF%9D%E5%81%A5%E6%89%80"
            "&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(totp_uri("A-Z.a_z~0", "x", "MY"),
            "otpauth://totp/A-Z.a_z~0:x?secret=MY&issuer=A-Z.a_z~0&algorithm=SHA1&digits=6&period=30");
}
