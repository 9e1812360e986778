#include "core/auth/crypto.h"

#include <sodium.h>

#include <stdexcept>

namespace tsunagu::auth {

namespace {

// sodium_init() is itself idempotent; the static only saves repeating it on every call.
bool sodium_started() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

std::string random_bytes(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return raw;
}

}  // namespace

void ensure_sodium() {
  if (!sodium_started()) throw std::runtime_error("libsodium failed to initialise");
}

std::string random_token(std::size_t bytes) {
  ensure_sodium();
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string raw = random_bytes(bytes);
  std::string out(sodium_base64_ENCODED_LEN(bytes, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    variant);
  sodium_memzero(raw.data(), raw.size());
  out.resize(out.size() - 1);  // ENCODED_LEN counts the terminating NUL
  return out;
}

std::string random_hex(std::size_t bytes) {
  ensure_sodium();
  std::string raw = random_bytes(bytes);
  std::string out(bytes * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  sodium_memzero(raw.data(), raw.size());
  out.pop_back();
  return out;
}

std::string sha256_hex(std::string_view data) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  std::string out(sizeof digest * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), digest, sizeof digest);
  out.pop_back();
  return out;
}

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("password hashing failed");
  return hash;
}

bool verify_password(std::string_view hash, std::string_view password) {
  if (!sodium_started()) return false;
  // libsodium reads a NUL-terminated string of at most STRBYTES; an embedded NUL would let a
  // truncated prefix be checked instead of the stored hash.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES || hash.find('\0') != std::string_view::npos)
    return false;
  char buf[crypto_pwhash_STRBYTES] = {};
  hash.copy(buf, hash.size());
  return crypto_pwhash_str_verify(buf, password.data(), password.size()) == 0;
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string base64_encode(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the encoder writes a terminating NUL inside the length it asks for
  return out;
}

std::string base64_decode(std::string_view text) {
  std::string out(text.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return {};
  out.resize(len);
  return out;
}

}  // namespace tsunagu::auth
