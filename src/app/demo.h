// Demo data: accounts for every role in 山口県's real municipalities, with clearly fictional names
// and random passwords (never fixed ones), printed once and kept beside an SQLite database.
#pragma once
#include <string>

#include "app/services.h"
#include "core/auth/accounts.h"

namespace tsunagu {

// Creates the demo accounts when the database has no users. Returns the lines "login password role…",
// or an empty string when users already existed. The demo facility user belongs to facility 1, which must exist
// (seed_demo_resources first).
std::string seed_demo(auth::Users& users);

// About 120 fictional children in 山口県 (some shared with the demo municipalities, some assigned to the demo
// coordinator), once: nothing happens when the prefecture already has children. Returns how many were added.
std::size_t seed_demo_registry(Services& services);

// About 150 fictional facilities in 山口県 for the directory and the public search (facility 1 is the demo
// facility user's), once: nothing happens when the prefecture already has facilities. Returns how many were added.
std::size_t seed_demo_resources(Services& services);

}  // namespace tsunagu
