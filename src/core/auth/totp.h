// Time-based one-time passwords (RFC 6238) for the optional second login factor, compatible with
// the common authenticator apps: HMAC-SHA1, 6 digits, 30-second steps. Secrets travel as RFC 4648
// base32. libsodium offers no HMAC-SHA1, so SHA-1 and HMAC are implemented here (totp.cpp).
//
// Thread-safety: all functions are pure apart from new_totp_secret(), which draws from libsodium's
// thread-safe generator; any of them may be called concurrently.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace tsunagu::auth {

// HMAC-SHA1 (RFC 2104) of `msg` under `key`: 20 raw bytes. Public for the test vectors.
std::string hmac_sha1(std::string_view key, std::string_view msg);

// RFC 4648 base32, upper case, without '=' padding.
std::string base32_encode(std::string_view bytes);

// Inverse of base32_encode. Case-insensitive; spaces and '=' are ignored so secrets typed by hand
// or copied with padding still work. nullopt on any other character outside the alphabet.
std::optional<std::string> base32_decode(std::string_view text);

// A new secret: 20 random bytes (the HMAC-SHA1 block recommended by RFC 4226) as base32.
std::string new_totp_secret();

// The code for `unix_time`, zero-padded to `digits`. Throws std::invalid_argument if the secret is
// not valid non-empty base32, or for digits outside 1..10, step <= 0 or a negative time.
std::string totp_code(std::string_view secret_base32, long long unix_time, int digits = 6, int step = 30);

// True if `code` (6 digits) matches any 30-second step from t-window to t+window, which absorbs
// clock drift between server and phone. False on malformed input; never throws. Replay within the
// window is not prevented here.
bool verify_totp(std::string_view secret_base32, std::string_view code, long long unix_time, int window = 1);

// An otpauth:// URI for QR enrolment. `issuer` and `account` are percent-encoded as UTF-8.
std::string totp_uri(std::string_view issuer, std::string_view account, std::string_view secret_base32);

}  // namespace tsunagu::auth
