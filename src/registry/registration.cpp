#include "registry/registration.h"

#include <algorithm>

#include "core/auth/crypto.h"
#include "core/db/scan.h"
#include "core/text/normalize.h"
#include "core/text/number.h"
#include "registry/record_json.h"

namespace tsunagu::registry {

using nlohmann::json;

namespace {

constexpr int kPerHour = 5;

// Whether one of `owners` is `name` or a name above it ("care" for "care.suction").
bool owned(const std::vector<std::string_view>& owners, const std::string& name) {
  return std::any_of(owners.begin(), owners.end(), [&](std::string_view o) {
    return name == o || (name.size() > o.size() && name.compare(0, o.size(), o) == 0 && name[o.size()] == '.');
  });
}

bool belongs(const std::string& error_key, const std::string& step) {
  if (step == "confirm") return true;
  const RegistrationStep* s = registration_step(step);
  return s && s->owns_record_field(error_key);
}

std::string client_hash(const std::string& addr) { return auth::sha256_hex("registration-form|" + addr); }

// Receipt numbers people read out on the phone: no 0/O, 1/I/L.
std::string receipt_number() {
  static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  std::string hex = auth::random_hex(8), out = "R-";
  for (std::size_t i = 0; i < 8; ++i) {
    if (i == 4) out += '-';
    out += alphabet[std::stoi(hex.substr(i * 2, 2), nullptr, 16) % (sizeof alphabet - 1)];
  }
  return out;
}

json payload(const Submission& s) {
  json j = record_json(s.child);
  j["consents"] = s.consents;
  return j;
}

Submission read(const soci::row& r) {
  Submission s;
  s.id = db::row_int(r, 0);
  s.receipt_no = db::row_text(r, 1);
  s.submitted_at = db::row_int(r, 2);
  s.status = db::row_text(r, 3);
  s.reject_reason = db::row_text(r, 4);
  s.child_id = db::row_opt_int(r, 5);
  json j = json::parse(db::row_text(r, 6), nullptr, false);
  if (j.is_object()) {
    s.child = child_from_json(j);
    if (j.contains("consents")) s.consents = j["consents"].get<std::vector<std::string>>();
  }
  return s;
}

constexpr const char* kColumns = "id, receipt_no, submitted_at, status, reject_reason, child_id, payload";

}  // namespace

std::vector<Consent> submission_consents(const Submission& s) {
  std::vector<Consent> out;
  for (const std::string& scope : s.consents) {
    Consent k;
    k.scope = scope;
    k.given_on = japan_date(s.submitted_at);
    k.method = "web_form";
    out.push_back(k);
  }
  return out;
}

const std::vector<RegistrationStep>& registration_steps() {
  static const std::vector<RegistrationStep> steps = {
      {"child",
       {"family_name", "given_name", "family_name_kana", "given_name_kana", "birth_date", "sex"},
       {"family_name", "given_name", "family_name_kana", "given_name_kana", "birth_date", "sex"}},
      {"home", {"municipality_code", "postal_code", "address"}, {"municipality_code", "postal_code", "address"}},
      {"care",
       {"care", "device", "diagnoses.0.name", "hospital", "life_stage"},
       {"care_items", "devices", "diagnoses", "hospital", "life_stage"}},
      {"guardian", {"guardians.0"}, {"guardians"}},
      {"consent", {"consent"}, {"consents"}},
      {"confirm", {}, {}}};
  return steps;
}

bool RegistrationStep::owns_input(const std::string& input) const { return owned(inputs, input); }
bool RegistrationStep::owns_record_field(const std::string& key) const { return owned(record_fields, key); }

const RegistrationStep* registration_step(const std::string& name) {
  for (const RegistrationStep& s : registration_steps())
    if (s.name == name) return &s;
  return nullptr;
}

FieldErrors Registrations::check_step(Submission& s, const std::string& step, const std::string& prefecture_code) {
  Child c = s.child;
  c.status = "active";
  c.source = "registration_form";
  if (c.life_stage.empty()) c.life_stage = "home";
  ValidationContext ctx{registry_.master(), today_in_japan(), prefecture_code, [](long long) { return false; }};
  FieldErrors all = normalise_and_check(c, ctx);
  FieldErrors out;
  for (auto& [key, message] : all)
    if (belongs(key, step)) out[key] = message;
  if (belongs("guardians", step) && c.guardians.empty()) out["guardians.0.name"] = "保護者のお名前を入力してください。";
  if (belongs("guardians", step) && !c.guardians.empty() && c.guardians[0].phone.empty() && c.guardians[0].email.empty())
    out["guardians.0.phone"] = "電話番号かメールアドレスのどちらかを入力してください。";
  if (belongs("consents", step) && std::find(s.consents.begin(), s.consents.end(), "registration") == s.consents.end())
    out["consents"] = "登録するには、支援センターへの登録への同意が必要です。";
  for (const std::string& k : s.consents)
    if (belongs("consents", step) && !one_of(k, kConsentScopes)) out["consents"] = "同意の内容が正しくありません。";
  s.child = c;
  return out;
}

bool Registrations::rate_limited(const std::string& client_addr) {
  db::Session sql(db_);
  long long since = db::now_seconds() - 3600, n = 0;
  std::string hash = client_hash(client_addr);
  sql << "SELECT COUNT(*) FROM registration_submissions WHERE client_hash = :h AND submitted_at >= :s", soci::use(hash),
      soci::use(since), soci::into(n);
  return n >= kPerHour;
}

std::string Registrations::submit(const audit::Actor& a, Submission& s, const std::string& prefecture_code) {
  db::Session sql(db_);
  db::Transaction tx(sql);
  s.receipt_no = receipt_number();
  s.submitted_at = db::now_seconds();
  std::string hash = client_hash(a.client_addr), body = payload(s).dump(), key = registry_.derive(s.child).name_key;
  long long id = 0;
  sql << "INSERT INTO registration_submissions (receipt_no, submitted_at, client_hash, prefecture_code, "
         "municipality_code, name_key, birth_date, payload, status, reject_reason) VALUES (:r, :t, :h, :p, :m, :k, :b, "
         ":j, 'pending', '') RETURNING id",
      soci::use(s.receipt_no), soci::use(s.submitted_at), soci::use(hash), soci::use(prefecture_code),
      soci::use(s.child.municipality_code), soci::use(key), soci::use(s.child.birth_date), soci::use(body),
      soci::into(id);
  audit_.append(sql, a, {"create", "registration", std::to_string(id), s.receipt_no});
  tx.commit();
  s.id = id;
  return s.receipt_no;
}

std::vector<Submission> Registrations::pending(const std::string& prefecture_code) {
  db::Session sql(db_);
  std::vector<Submission> out;
  soci::rowset<soci::row> rs = (sql.prepare << std::string("SELECT ") + kColumns +
                                                   " FROM registration_submissions WHERE status = 'pending' AND "
                                                   "prefecture_code = :p ORDER BY submitted_at",
                                soci::use(prefecture_code));
  for (const soci::row& r : rs) out.push_back(read(r));
  return out;
}

long long Registrations::pending_count(const std::string& prefecture_code) {
  db::Session sql(db_);
  db::Scan s(sql, "SELECT COUNT(*) FROM registration_submissions WHERE status = 'pending' AND prefecture_code = $1",
             {prefecture_code});
  return s.next() ? s.integer(0) : 0;
}

std::optional<Submission> Registrations::get(long long id) {
  db::Session sql(db_);
  soci::row r;
  sql << std::string("SELECT ") + kColumns + " FROM registration_submissions WHERE id = :id", soci::use(id), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return read(r);
}

std::vector<Match> Registrations::matches(const Submission& s, const std::string& prefecture_code) {
  std::string key = registry_.derive(s.child).name_key;
  std::string name = key.substr(0, key.find('|')), kana = key.substr(key.find('|') + 1);
  std::string name_prefix = text::like_pattern_escape(name) + "|%", kana_suffix = "%|" + text::like_pattern_escape(kana);
  db::Session sql(db_);
  std::vector<Match> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT id, family_name, given_name, family_name_kana, given_name_kana, birth_date, "
                      "municipality_code, name_key FROM children WHERE prefecture_code = :p AND (birth_date = :b OR "
                      "name_key = :k OR name_key LIKE :n ESCAPE '\\' OR name_key LIKE :a ESCAPE '\\') LIMIT 50",
       soci::use(prefecture_code), soci::use(s.child.birth_date), soci::use(key),
       soci::use(name_prefix), soci::use(kana_suffix));
  for (const soci::row& r : rs) {
    std::string their = db::row_text(r, 7);
    bool same_name = their.substr(0, their.find('|')) == name, same_kana = their.substr(their.find('|') + 1) == kana;
    bool same_birth = db::row_text(r, 5) == s.child.birth_date, same_place = db::row_text(r, 6) == s.child.municipality_code;
    std::string strength = same_birth && (same_name || same_kana) ? "likely"
                           : (same_name || same_kana || (same_birth && same_place)) ? "possible" : "";
    if (strength.empty()) continue;
    out.push_back({db::row_int(r, 0), strength, db::row_text(r, 1) + "\u3000" + db::row_text(r, 2),
                   db::row_text(r, 3) + "\u3000" + db::row_text(r, 4), db::row_text(r, 5), db::row_text(r, 6)});
  }
  std::stable_sort(out.begin(), out.end(), [](const Match& x, const Match& y) { return x.strength > y.strength; });
  return out;
}

auth::ObjectAccess Registrations::access(const auth::Principal& p, const std::string& id) {
  auto parsed = text::parse_id(id);
  if (!parsed) return auth::ObjectAccess::missing;
  db::Session sql(db_);
  std::string pref;
  long long n = *parsed;
  sql << "SELECT prefecture_code FROM registration_submissions WHERE id = :id", soci::use(n), soci::into(pref);
  if (!sql.got_data()) return auth::ObjectAccess::missing;
  return reach(p) == Reach::prefecture && p.prefecture_code == pref ? auth::ObjectAccess::visible
                                                                     : auth::ObjectAccess::hidden;
}

bool Registrations::finish(db::Session& sql, long long id, const std::string& status, std::optional<long long> child_id,
                           const audit::Actor& a, const std::string& reason) {
  long long now = db::now_seconds();
  boost::optional<long long> child, user;
  if (child_id) child = *child_id;
  if (a.user_id) user = *a.user_id;
  // A rejected submission keeps only its receipt and the reason: the family's answers are not needed any more.
  std::string clear = status == "rejected" ? ", payload = '{}', name_key = ''" : "";
  soci::statement st = (sql.prepare << "UPDATE registration_submissions SET status = :s, child_id = :c, "
                                       "reviewed_by = :u, reviewed_at = :t, reject_reason = :r" + clear +
                                       " WHERE id = :id AND status = 'pending'",
                        soci::use(status), soci::use(child), soci::use(user), soci::use(now), soci::use(reason),
                        soci::use(id));
  st.execute(true);
  if (st.get_affected_rows() != 1) return false;
  audit_.append(sql, a, {"update", "registration", std::to_string(id), status});
  return true;
}

SaveResult Registrations::accept(const auth::Principal& p, const audit::Actor& a, long long id) {
  SaveResult r;
  auto s = get(id);
  if (!s || s->status != "pending") {
    r.errors["status"] = "この申込みは既に処理されています。";
    return r;
  }
  db::Session sql(db_);
  db::Transaction tx(sql);
  r = registry_.create(sql, p, a, s->child, submission_consents(*s), "登録フォーム（受付番号 " + s->receipt_no + "）から登録");
  if (!r.ok()) return r;
  if (!finish(sql, id, "accepted", r.id, a, "")) {
    r.errors["status"] = "この申込みは既に処理されています。";
    return r;
  }
  tx.commit();
  return r;
}

namespace {

// Fills what the record lacks from the submission; never overwrites what staff recorded.
void fill_gaps(Child& c, const Child& from) {
  for (auto [mine, theirs] : {std::pair{&c.postal_code, &from.postal_code}, {&c.address, &from.address},
                              {&c.hospital, &from.hospital}})
    if (mine->empty()) *mine = *theirs;
  if (c.guardians.empty()) c.guardians = from.guardians;
  if (c.diagnoses.empty()) c.diagnoses = from.diagnoses;
  for (const ChildCareItem& i : from.care_items)
    if (std::none_of(c.care_items.begin(), c.care_items.end(), [&](const ChildCareItem& x) { return x.code == i.code; }))
      c.care_items.push_back(i);
  for (const Device& d : from.devices)
    if (std::none_of(c.devices.begin(), c.devices.end(), [&](const Device& x) { return x.kind == d.kind; }))
      c.devices.push_back(d);
}

}  // namespace

SaveResult Registrations::merge(const auth::Principal& p, const audit::Actor& a, long long id, long long child_id) {
  SaveResult r;
  auto s = get(id);
  auto scope = registry_.store().scope(child_id);
  auto c = registry_.store().get(child_id);
  if (!s || s->status != "pending") r.errors["status"] = "この申込みは既に処理されています。";
  else if (!c || !scope || !can_see(p, *scope)) r.errors["child_id"] = "統合先の台帳が見つかりません。";
  if (!r.errors.empty()) return r;
  fill_gaps(*c, s->child);
  db::Session sql(db_);
  db::Transaction tx(sql);
  r = registry_.update(sql, p, a, *c, "登録フォーム（受付番号 " + s->receipt_no + "）を統合");
  if (!r.ok()) return r;
  for (const Consent& k : submission_consents(*s)) {
    bool active = std::any_of(c->consents.begin(), c->consents.end(),
                              [&](const Consent& x) { return x.scope == k.scope && x.active(); });
    if (active) continue;
    long long consent_id = registry_.store().add_consent(sql, child_id, k, a.user_id);
    audit_.append(sql, a, {"create", "child_consent", std::to_string(child_id), k.scope + " #" + std::to_string(consent_id)});
  }
  if (!finish(sql, id, "merged", child_id, a, "")) {
    r.errors["status"] = "この申込みは既に処理されています。";
    return r;
  }
  tx.commit();
  return r;
}

bool Registrations::reject(const audit::Actor& a, long long id, const std::string& reason) {
  db::Session sql(db_);
  db::Transaction tx(sql);
  if (!finish(sql, id, "rejected", std::nullopt, a, reason)) return false;
  tx.commit();
  return true;
}

}  // namespace tsunagu::registry
