// The family registration form (登録フォーム): what a family submits without an account, and the center's
// review of it. A submission waits as "pending" until staff accept it as a new record, merge it into a
// record that already exists, or reject it with a reason. Submissions are shown to center staff only.
// Thread-safe: holds references to thread-safe services only.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "registry/service.h"

namespace tsunagu::registry {

// What a family gives: the record's fields they can know (care items without watch levels, which staff
// assess), and the consent scopes they agreed to.
struct Submission {
  long long id = 0;
  std::string receipt_no;
  long long submitted_at = 0;
  std::string status;  // pending, accepted, merged, rejected
  std::string reject_reason;
  std::optional<long long> child_id;
  Child child;
  std::vector<std::string> consents;
};

// A record that may be the same child: "likely" (same birth date and the same name or kana) or "possible"
// (same name or kana with another birth date, or the same birth date and municipality).
struct Match {
  long long child_id = 0;
  std::string strength;
  std::string full_name, full_name_kana, birth_date, municipality_code;
};

// The steps of the public form, in order, and the fields each owns, named twice: as the form's inputs are named,
// and as the record's fields are named in the validator's error keys. A name owns itself and every name under it
// ("care" owns "care.suction", "care_items" owns "care_items.2.level"). The last step, "confirm", owns no input
// and shows every error.
struct RegistrationStep {
  std::string_view name;
  std::vector<std::string_view> inputs;
  std::vector<std::string_view> record_fields;

  bool owns_input(const std::string& input) const;
  bool owns_record_field(const std::string& key) const;
};
const std::vector<RegistrationStep>& registration_steps();
// The step of that name, or nullptr.
const RegistrationStep* registration_step(const std::string& name);

class Registrations {
 public:
  Registrations(db::Database& db, audit::AuditLog& audit, Registry& registry)
      : db_(db), audit_(audit), registry_(registry) {}

  // Errors of the fields of one step (all steps for "confirm"), after normalising them.
  FieldErrors check_step(Submission& s, const std::string& step, const std::string& prefecture_code);
  // Too many submissions from this address in the last hour.
  bool rate_limited(const std::string& client_addr);
  // Stores a checked submission and returns its receipt number.
  std::string submit(const audit::Actor& a, Submission& s, const std::string& prefecture_code);

  std::vector<Submission> pending(const std::string& prefecture_code);
  // How many of them there are, without reading them.
  long long pending_count(const std::string& prefecture_code);
  std::optional<Submission> get(long long id);
  std::vector<Match> matches(const Submission& s, const std::string& prefecture_code);
  auth::ObjectAccess access(const auth::Principal& p, const std::string& id);

  SaveResult accept(const auth::Principal& p, const audit::Actor& a, long long id);
  SaveResult merge(const auth::Principal& p, const audit::Actor& a, long long id, long long child_id);
  bool reject(const audit::Actor& a, long long id, const std::string& reason);

 private:
  bool finish(db::Session& sql, long long id, const std::string& status, std::optional<long long> child_id,
              const audit::Actor& a, const std::string& reason);
  db::Database& db_;
  audit::AuditLog& audit_;
  Registry& registry_;
};

// The consents a submission carries, as recorded on the child (method web_form, given on the day it came).
std::vector<Consent> submission_consents(const Submission& s);

}  // namespace tsunagu::registry
