#include "core/auth/crypto.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace tsunagu::auth;

namespace {

bool is_url_safe_base64(const std::string& s) {
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  return true;
}

bool is_lower_hex(const std::string& s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

TEST(RandomToken, LengthIsUnpaddedBase64OfByteCount) {
  EXPECT_EQ(random_token().size(), 43u);  // 32 bytes -> ceil(256 / 6)
  EXPECT_EQ(random_token(16).size(), 22u);
  EXPECT_EQ(random_token(3).size(), 4u);
  EXPECT_EQ(random_token(1).size(), 2u);
  EXPECT_EQ(random_token(0), "");
}

TEST(RandomToken, UsesUrlSafeAlphabetAndIsUnique) {
  std::set<std::string> seen;
  std::set<char> chars;
  for (int i = 0; i < 2000; ++i) {
    std::string t = random_token();
    ASSERT_TRUE(is_url_safe_base64(t)) << t;
    chars.insert(t.begin(), t.end());
    seen.insert(std::move(t));
  }
  EXPECT_EQ(seen.size(), 2000u);
  // 86,000 characters drawn from 64 symbols: all should appear, '-' and '_' included.
  EXPECT_EQ(chars.size(), 64u);
}

TEST(RandomHex, LengthAlphabetAndUniqueness) {
  EXPECT_EQ(random_hex(0), "");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string h = random_hex(16);
    ASSERT_EQ(h.size(), 32u);
    ASSERT_TRUE(is_lower_hex(h)) << h;
    seen.insert(std::move(h));
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Sha256, FipsVectors) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, HashesEmbeddedNulBytes) {
  using namespace std::string_literals;
  EXPECT_NE(sha256_hex("a\0b"s), sha256_hex("a"));
  EXPECT_EQ(sha256_hex("a\0b"s).size(), 64u);
}

TEST(Password, RoundTrip) {
  const std::string hash = hash_password("correct horse battery staple");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_TRUE(verify_password(hash, "correct horse battery staple"));
  EXPECT_FALSE(verify_password(hash, "correct horse battery stapl"));
  EXPECT_FALSE(verify_password(hash, "Correct horse battery staple"));
  EXPECT_FALSE(verify_password(hash, ""));
}

TEST(Password, SaltMakesHashesDiffer) {
  const std::string a = hash_password("パスワード");
  const std::string b = hash_password("パスワード");
  EXPECT_NE(a, b);
  EXPECT_TRUE(verify_password(a, "パスワード"));
  EXPECT_TRUE(verify_password(b, "パスワード"));
}

TEST(Password, MalformedHashIsRejected) {
  const std::string hash = hash_password("secret");
  EXPECT_FALSE(verify_password("", "secret"));
  EXPECT_FALSE(verify_password("not a hash", "secret"));
  EXPECT_FALSE(verify_password(hash.substr(0, hash.size() / 2), "secret"));
  EXPECT_FALSE(verify_password(hash + std::string(200, 'x'), "secret"));
  EXPECT_FALSE(verify_password(hash + std::string(1, '\0') + "junk", "secret"));
  EXPECT_FALSE(verify_password(sha256_hex("secret"), "secret"));
}

TEST(EqualConstantTime, Cases) {
  EXPECT_TRUE(equal_constant_time("", ""));
  EXPECT_TRUE(equal_constant_time("token-123", "token-123"));
  EXPECT_FALSE(equal_constant_time("token-123", "token-124"));
  EXPECT_FALSE(equal_constant_time("xoken-123", "token-123"));
  EXPECT_FALSE(equal_constant_time("token", "token-123"));
  EXPECT_FALSE(equal_constant_time("", "a"));
  const std::string t = random_token();
  EXPECT_TRUE(equal_constant_time(t, std::string(t)));
}
