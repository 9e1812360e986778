#include "registry/service.h"

#include <chrono>

#include "core/text/kana.h"
#include "core/text/normalize.h"
#include "core/text/number.h"
#include "registry/derive.h"
#include "registry/record_json.h"

namespace tsunagu::registry {

namespace {

// The ids a list showed, for the audit log: all of a page; the first 300 of an export, then how many more.
std::string shown_ids(const std::vector<ListRow>& rows) {
  constexpr std::size_t kMax = 300;
  std::string out;
  for (std::size_t i = 0; i < rows.size() && i < kMax; ++i) {
    if (!out.empty()) out += ',';
    out += std::to_string(rows[i].id);
  }
  if (rows.size() > kMax) out += " (+" + std::to_string(rows.size() - kMax) + " more)";
  return out;
}

}  // namespace

std::string japan_date(long long epoch_seconds) {
  using namespace std::chrono;
  year_month_day ymd{floor<days>(sys_seconds{seconds{epoch_seconds}} + hours(9))};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string today_in_japan() { return japan_date(db::now_seconds()); }

Derived Registry::derive(const Child& c) const {
  Derived d;
  d.name_key = text::name_key(c.family_name + c.given_name) + "|" + text::name_key(c.family_name_kana + c.given_name_kana);
  d.kana_sort = text::name_key(c.family_name_kana) + " " + text::name_key(c.given_name_kana);
  d.score = compute_score(c.care_items, master_.care_items()).total;
  d.electricity_dependent = electricity_dependent(c.devices);
  return d;
}

std::vector<Coordinator> Registry::coordinators(const std::string& prefecture_code) {
  db::Session sql(db_);
  return coordinators(sql, prefecture_code);
}

std::vector<Coordinator> Registry::coordinators(db::Session& sql, const std::string& prefecture_code) {
  std::vector<Coordinator> out;
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT id, display_name FROM users WHERE role = 'coordinator' "
                                               "AND prefecture_code = :p AND disabled = 0 ORDER BY display_name",
                                soci::use(prefecture_code));
  for (const soci::row& r : rs) out.push_back({db::row_int(r, 0), db::row_text(r, 1)});
  return out;
}

ValidationContext Registry::validation(db::Session& sql, const std::string& prefecture_code) {
  auto list = coordinators(sql, prefecture_code);
  return {master_, today_in_japan(), prefecture_code, [list](long long id) {
            return std::any_of(list.begin(), list.end(), [&](const Coordinator& c) { return c.id == id; });
          }};
}

FieldErrors Registry::check_consent(Consent& k) {
  FieldErrors e;
  if (!one_of(k.scope, kConsentScopes)) e["scope"] = "同意の範囲を選んでください。";
  if (!one_of(k.method, kConsentMethods)) e["method"] = "同意の方法を選んでください。";
  if (std::string m = normalise_date(k.given_on, true, today_in_japan(), false); !m.empty()) e["given_on"] = m;
  return e;
}

SaveResult Registry::create(const auth::Principal& p, const audit::Actor& a, Child c,
                            const std::vector<Consent>& consents, const std::string& summary) {
  db::Session sql(db_);
  db::Transaction tx(sql);
  SaveResult r = create(sql, p, a, std::move(c), consents, summary);
  if (r.ok()) tx.commit();
  return r;
}

SaveResult Registry::create(db::Session& sql, const auth::Principal& p, const audit::Actor& a, Child c,
                            const std::vector<Consent>& consents, const std::string& summary) {
  SaveResult r;
  r.errors = normalise_and_check(c, validation(sql, p.prefecture_code));
  std::vector<Consent> checked = consents;
  for (std::size_t i = 0; i < checked.size(); ++i)
    for (auto& [field, message] : check_consent(checked[i])) r.errors["consents." + std::to_string(i) + "." + field] = message;
  if (!r.errors.empty()) return r;
  r.id = store_.create(sql, c, derive(c), {a.user_id, a.login, summary});
  for (const Consent& k : checked) store_.add_consent(sql, r.id, k, a.user_id);
  audit_.append(sql, a, {"create", "child", std::to_string(r.id), summary});
  return r;
}

SaveResult Registry::update(const auth::Principal& p, const audit::Actor& a, Child c, const std::string& summary) {
  db::Session sql(db_);
  db::Transaction tx(sql);
  SaveResult r = update(sql, p, a, std::move(c), summary);
  if (r.ok()) tx.commit();
  return r;
}

SaveResult Registry::update(db::Session& sql, const auth::Principal& p, const audit::Actor& a, Child c,
                            const std::string& summary) {
  SaveResult r;
  r.id = c.id;
  r.errors = normalise_and_check(c, validation(sql, p.prefecture_code));
  if (!r.errors.empty()) return r;
  if (!store_.update(sql, c, derive(c), {a.user_id, a.login, summary})) {
    r.conflict = true;
    return r;
  }
  audit_.append(sql, a, {"update", "child", std::to_string(c.id), "version " + std::to_string(c.version + 1)});
  return r;
}

FieldErrors Registry::add_consent(const audit::Actor& a, long long child_id, Consent k) {
  FieldErrors e = check_consent(k);
  if (!e.empty()) return e;
  db::Session sql(db_);
  db::Transaction tx(sql);
  long long id = store_.add_consent(sql, child_id, k, a.user_id);
  audit_.append(sql, a, {"create", "child_consent", std::to_string(child_id), k.scope + " #" + std::to_string(id)});
  tx.commit();
  return e;
}

FieldErrors Registry::withdraw_consent(const audit::Actor& a, long long child_id, long long consent_id, std::string on) {
  FieldErrors e;
  if (std::string m = normalise_date(on, true, today_in_japan(), false); !m.empty()) {
    e["withdrawn_on"] = m;
    return e;
  }
  db::Session sql(db_);
  db::Transaction tx(sql);
  if (!store_.withdraw_consent(sql, child_id, consent_id, on, a.user_id)) {
    e["consent"] = "この同意は既に撤回されているか見つかりません。撤回日は同意した日以降にしてください。";
    return e;
  }
  audit_.append(sql, a, {"update", "child_consent", std::to_string(child_id), "withdrawn #" + std::to_string(consent_id)});
  tx.commit();
  return e;
}

void Registry::erase(const audit::Actor& a, long long child_id, const std::string& reason) {
  db::Session sql(db_);
  db::Transaction tx(sql);
  store_.erase(sql, child_id);
  audit_.append(sql, a, {"erase", "child", std::to_string(child_id), reason});
  tx.commit();
}

std::optional<Child> Registry::read(const auth::Principal& p, const audit::Actor& a, long long id,
                                    const std::string& purpose) {
  auto scope = store_.scope(id);
  if (!scope || !can_see(p, *scope)) return std::nullopt;
  auto c = store_.get(id);
  if (c) audit_.append(a, {"read", "child", std::to_string(id), purpose});
  return c;
}

ListResult Registry::list(const auth::Principal& p, const audit::Actor& a, const ListFilter& f,
                          const std::string& purpose) {
  ListResult r = store_.list(p, f, today_in_japan());
  std::string detail = purpose + "; total=" + std::to_string(r.total) + (f.name_key.empty() ? "" : "; name search") +
                       "; ids=" + shown_ids(r.rows);
  audit_.append(a, {f.name_key.empty() ? "read" : "search", "children", "", detail});
  return r;
}

auth::ObjectAccess Registry::access(const auth::Principal& p, const std::string& id) {
  auto n = text::parse_id(id);
  if (!n) return auth::ObjectAccess::missing;
  auto scope = store_.scope(*n);
  if (!scope) return auth::ObjectAccess::missing;
  return can_see(p, *scope) ? auth::ObjectAccess::visible : auth::ObjectAccess::hidden;
}

}  // namespace tsunagu::registry
