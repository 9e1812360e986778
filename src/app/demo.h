// Demo data: accounts for every role in 山口県's real municipalities, with clearly fictional names
// and random passwords (never fixed ones), printed once and kept beside an SQLite database.
#pragma once
#include <string>

#include "core/auth/accounts.h"

namespace tsunagu {

// Creates the demo accounts when the database has no users. Returns the lines "login password role…",
// or an empty string when users already existed.
std::string seed_demo(auth::Users& users);

}  // namespace tsunagu
