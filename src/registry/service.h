// The registry's rules over its store: what a save must satisfy, what is derived on every save, who may see
// a record, and the audit entry that goes with every read and change (in the same transaction as a change).
// Thread-safe: holds references to thread-safe services only.
#pragma once
#include <string>

#include "core/audit/audit_log.h"
#include "core/auth/policy.h"
#include "master/master_data.h"
#include "registry/store.h"
#include "registry/validate.h"

namespace tsunagu::registry {

struct SaveResult {
  long long id = 0;
  FieldErrors errors;     // per field; empty on success
  bool conflict = false;  // someone else saved the record first
  bool ok() const { return errors.empty() && !conflict; }
};

struct Coordinator {
  long long id = 0;
  std::string display_name;
};

// The date in Japan (UTC+9, no daylight saving) at a time in Unix seconds, and today, both ISO.
std::string japan_date(long long epoch_seconds);
std::string today_in_japan();

class Registry {
 public:
  Registry(db::Database& db, audit::AuditLog& audit, const master::MasterData& master)
      : db_(db), audit_(audit), master_(master), store_(db) {}

  ChildStore& store() { return store_; }
  const master::MasterData& master() const { return master_; }

  Derived derive(const Child& c) const;
  std::vector<Coordinator> coordinators(const std::string& prefecture_code);

  // New record in the principal's prefecture, with the consents given at registration.
  SaveResult create(const auth::Principal& p, const audit::Actor& a, Child c, const std::vector<Consent>& consents,
                    const std::string& summary);
  // Saves `c` over version c.version of record c.id.
  SaveResult update(const auth::Principal& p, const audit::Actor& a, Child c, const std::string& summary);
  // The same inside the caller's transaction (nothing is written when the result is not ok()).
  SaveResult create(db::Session& sql, const auth::Principal& p, const audit::Actor& a, Child c,
                    const std::vector<Consent>& consents, const std::string& summary);
  SaveResult update(db::Session& sql, const auth::Principal& p, const audit::Actor& a, Child c,
                    const std::string& summary);
  FieldErrors add_consent(const audit::Actor& a, long long child_id, Consent k);
  FieldErrors withdraw_consent(const audit::Actor& a, long long child_id, long long consent_id, std::string on);
  void erase(const audit::Actor& a, long long child_id, const std::string& reason);

  // A record, when the principal may see it; the read is audited.
  std::optional<Child> read(const auth::Principal& p, const audit::Actor& a, long long id, const std::string& purpose);
  ListResult list(const auth::Principal& p, const audit::Actor& a, const ListFilter& f, const std::string& purpose);

  auth::ObjectAccess access(const auth::Principal& p, const std::string& id);

 private:
  // Inside the caller's session: a second connection from the pool could wait for ever when all are in use.
  ValidationContext validation(db::Session& sql, const std::string& prefecture_code);
  std::vector<Coordinator> coordinators(db::Session& sql, const std::string& prefecture_code);
  FieldErrors check_consent(Consent& k);
  db::Database& db_;
  audit::AuditLog& audit_;
  const master::MasterData& master_;
  ChildStore store_;
};

}  // namespace tsunagu::registry
