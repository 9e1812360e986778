#include "core/auth/totp.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <stdexcept>

#include "core/auth/crypto.h"

namespace tsunagu::auth {

namespace {

constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::size_t kSha1Block = 64;
constexpr int kDefaultDigits = 6;
constexpr int kDefaultStep = 30;

// ---- SHA-1, FIPS 180-4 section 6.1 ----

std::uint32_t rotl(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

void sha1_block(std::array<std::uint32_t, 5>& h, const unsigned char* p) {
  std::uint32_t w[80];
  for (int i = 0; i < 16; ++i)
    w[i] = std::uint32_t(p[4 * i]) << 24 | std::uint32_t(p[4 * i + 1]) << 16 | std::uint32_t(p[4 * i + 2]) << 8 |
           std::uint32_t(p[4 * i + 3]);
  for (int i = 16; i < 80; ++i) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
  auto [a, b, c, d, e] = h;
  for (int i = 0; i < 80; ++i) {
    std::uint32_t f, k;
    if (i < 20) f = (b & c) | (~b & d), k = 0x5A827999;
    else if (i < 40) f = b ^ c ^ d, k = 0x6ED9EBA1;
    else if (i < 60) f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
    else f = b ^ c ^ d, k = 0xCA62C1D6;
    std::uint32_t t = rotl(a, 5) + f + e + k + w[i];
    e = d, d = c, c = rotl(b, 30), b = a, a = t;
  }
  h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

std::string sha1(std::string_view data) {
  // Padding: 0x80, zeros up to 56 mod 64, then the message length in bits, big-endian.
  std::string msg(data);
  const std::uint64_t bits = std::uint64_t(data.size()) * 8;
  msg.push_back('\x80');
  while (msg.size() % kSha1Block != 56) msg.push_back('\0');
  for (int shift = 56; shift >= 0; shift -= 8) msg.push_back(char(bits >> shift));
  std::array<std::uint32_t, 5> h{0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  for (std::size_t off = 0; off < msg.size(); off += kSha1Block)
    sha1_block(h, reinterpret_cast<const unsigned char*>(msg.data() + off));
  sodium_memzero(msg.data(), msg.size());
  std::string out;
  for (std::uint32_t v : h)
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(char(v >> shift));
  return out;
}

// ---- TOTP ----

// RFC 4226 section 5.3: HMAC over the big-endian counter, then dynamic truncation.
std::string code_at(std::string_view key, std::uint64_t counter, int digits) {
  std::string msg(8, '\0');
  for (int i = 7; i >= 0; --i, counter >>= 8) msg[i] = char(counter & 0xFF);
  const std::string mac = hmac_sha1(key, msg);
  const int off = mac[19] & 0x0F;
  std::uint64_t value = (std::uint64_t(std::uint8_t(mac[off])) & 0x7F) << 24 |
                        std::uint64_t(std::uint8_t(mac[off + 1])) << 16 |
                        std::uint64_t(std::uint8_t(mac[off + 2])) << 8 | std::uint8_t(mac[off + 3]);
  std::string out(digits, '0');
  for (int i = digits - 1; i >= 0; --i, value /= 10) out[i] = char('0' + value % 10);
  return out;
}

// The HMAC key of a secret, or nullopt when it is not usable.
std::optional<std::string> secret_key(std::string_view secret_base32) {
  auto key = base32_decode(secret_base32);
  if (!key || key->empty()) return std::nullopt;
  return key;
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

std::string percent_encode(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (unreserved(c)) {
      out.push_back(char(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0x0F]);
    }
  }
  return out;
}

}  // namespace

std::string hmac_sha1(std::string_view key, std::string_view msg) {
  // RFC 2104: keys longer than a block are hashed first, then zero-padded to the block size.
  std::string k = key.size() > kSha1Block ? sha1(key) : std::string(key);
  k.resize(kSha1Block, '\0');
  std::string inner(kSha1Block, '\0'), outer(kSha1Block, '\0');
  for (std::size_t i = 0; i < kSha1Block; ++i) {
    inner[i] = char(k[i] ^ 0x36);
    outer[i] = char(k[i] ^ 0x5C);
  }
  sodium_memzero(k.data(), k.size());
  inner.append(msg);
  std::string out = sha1(outer + sha1(inner));
  sodium_memzero(inner.data(), inner.size());
  sodium_memzero(outer.data(), outer.size());
  return out;
}

std::string base32_encode(std::string_view bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) out.push_back(kBase32Alphabet[(buffer >> (bits -= 5)) & 0x1F]);
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 0x1F]);
  return out;
}

std::optional<std::string> base32_decode(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == ' ' || c == '=') continue;
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    const auto index = kBase32Alphabet.find(c);
    if (index == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 5) | std::uint32_t(index);
    bits += 5;
    if (bits >= 8) out.push_back(char((buffer >> (bits -= 8)) & 0xFF));
  }
  return out;  // leftover bits (< 8) are the encoder's zero fill
}

std::string new_totp_secret() {
  ensure_sodium();
  unsigned char raw[20];
  randombytes_buf(raw, sizeof raw);
  std::string secret = base32_encode(std::string_view(reinterpret_cast<const char*>(raw), sizeof raw));
  sodium_memzero(raw, sizeof raw);
  return secret;
}

std::string totp_code(std::string_view secret_base32, long long unix_time, int digits, int step) {
  if (digits < 1 || digits > 10) throw std::invalid_argument("totp: digits must be 1..10");
  if (step <= 0) throw std::invalid_argument("totp: step must be positive");
  if (unix_time < 0) throw std::invalid_argument("totp: negative time");
  const auto key = secret_key(secret_base32);
  if (!key) throw std::invalid_argument("totp: secret is not valid base32");
  return code_at(*key, std::uint64_t(unix_time / step), digits);
}

bool verify_totp(std::string_view secret_base32, std::string_view code, long long unix_time, int window) {
  if (code.size() != std::size_t(kDefaultDigits) || !all_digits(code) || unix_time < 0 || window < 0)
    return false;
  const auto key = secret_key(secret_base32);
  if (!key) return false;
  const long long now = unix_time / kDefaultStep;
  bool match = false;
  // No early exit: every candidate is computed so timing does not reveal which step matched.
  for (long long counter = now - window; counter <= now + window; ++counter)
    if (counter >= 0) match |= equal_constant_time(code_at(*key, std::uint64_t(counter), kDefaultDigits), code);
  return match;
}

std::string totp_uri(std::string_view issuer, std::string_view account, std::string_view secret_base32) {
  const std::string enc_issuer = percent_encode(issuer);
  return "otpauth://totp/" + enc_issuer + ":" + percent_encode(account) + "?secret=" +
         percent_encode(secret_base32) + "&issuer=" + enc_issuer + "&algorithm=SHA1&digits=" +
         std::to_string(kDefaultDigits) + "&period=" + std::to_string(kDefaultStep);
}

}  // namespace tsunagu::auth
