// Cryptographic primitives for authentication: random tokens, SHA-256 digests, argon2id password
// hashes and constant-time comparison. A thin layer over libsodium so that the rest of the code
// never handles raw sodium buffers or return codes.
//
// Thread-safety: every function may be called concurrently from any thread. libsodium is
// initialised lazily on first use; if it cannot start, functions that must produce a value throw
// std::runtime_error and predicates (verify_password) return false.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace tsunagu::auth {

// Initialises libsodium once. Called by everything here; other modules that use libsodium directly
// call it first. Throws std::runtime_error if the library cannot start.
void ensure_sodium();

// `bytes` random bytes as URL-safe base64 without padding (safe in cookies, URLs and file names).
std::string random_token(std::size_t bytes = 32);

// `bytes` random bytes as lowercase hex (2 characters per byte).
std::string random_hex(std::size_t bytes);

// Standard base64 (with padding), for keeping an uploaded file's bytes in a text column until it is used.
std::string base64_encode(std::string_view bytes);
// The bytes, or "" for text that is not base64.
std::string base64_decode(std::string_view text);

// SHA-256 of `data` as lowercase hex. Used to store tokens so a leaked table does not leak them.
std::string sha256_hex(std::string_view data);

// An argon2id hash string (salt and parameters included) at libsodium's "interactive" cost.
// Throws std::runtime_error if hashing fails (e.g. out of memory).
std::string hash_password(std::string_view password);

// True if `password` matches `hash` from hash_password(). False for a malformed hash; never throws.
bool verify_password(std::string_view hash, std::string_view password);

// Compares without leaking the position of the first difference through timing. The length is not
// secret: strings of different sizes compare unequal at once.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace tsunagu::auth
