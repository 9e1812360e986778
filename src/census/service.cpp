#include "census/service.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "census/linkage.h"
#include "census/registry_source.h"
#include "core/text/utf8.h"
#include "registry/service.h"

namespace tsunagu::census {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string error_count_message(const Sheet& s) {
  return std::to_string(s.invalid_rows) + "行に誤りがあるため、何も取り込みませんでした。誤りを直してもう一度取り込むか、"
         "正しい行だけを取り込んでください。";
}

std::string person_key(const std::string& source, const std::string& record_id, std::set<std::string>& used) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a over "source\0record_id"
  auto feed = [&](const std::string& s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  };
  feed(source);
  h = (h ^ 0) * 1099511628211ULL;
  feed(record_id);
  h ^= h >> 33;  // finaliser (MurmurHash3's fmix64): similar record ids give unrelated keys
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 33;
  for (;; ++h) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "P%016llx", static_cast<unsigned long long>(h));
    if (used.insert(buf).second) return buf;
  }
}

std::string decision_name(PairDecision d) {
  switch (d) {
    case PairDecision::link: return "link";
    case PairDecision::review: return "review";
    case PairDecision::held: return "held";
    case PairDecision::none: return "none";
  }
  return "none";
}

// Eight letters, one per field in kExplainedFields (e exact, n near, d differ, m missing), "r" when a reviewer
// decided, then "|" and the rule: compact, because a reconciliation keeps tens of thousands of pairs.
std::string explanation(const ScoredPair& p) {
  const Comparison& c = p.c;
  std::string out;
  for (Level l : {c.name, c.kana, c.birth, c.sex, c.municipality, c.address, c.care, c.affiliation})
    out += l == Level::exact ? 'e' : l == Level::near ? 'n' : l == Level::differ ? 'd' : 'm';
  if (p.reviewed) out += 'r';
  out += '|';
  out += c.rule;
  return out;
}

}  // namespace

Explanation explain(const std::string& stored) {
  Explanation e;
  std::size_t bar = stored.find('|');
  std::string codes = stored.substr(0, bar);
  for (std::size_t i = 0; i < std::size(kExplainedFields) && i < codes.size(); ++i) {
    Level l = codes[i] == 'e' ? Level::exact : codes[i] == 'n' ? Level::near : codes[i] == 'd' ? Level::differ : Level::missing;
    e.fields.emplace_back(kExplainedFields[i].label, std::string(level_label(l)));
  }
  e.reviewed = codes.size() > std::size(kExplainedFields) && codes[std::size(kExplainedFields)] == 'r';
  if (bar != std::string::npos) e.rule = stored.substr(bar + 1);
  return e;
}

bool valid_round(int year) { return year >= 2000 && year <= 2100; }

Census::Census(db::Database& db, audit::AuditLog& audit, const master::MasterData& md, std::string prefecture_code,
               registry::Registry* registry)
    : db_(db), audit_(audit), md_(md), prefecture_code_(std::move(prefecture_code)), care_(md.care_items()),
      municipalities_(md), registry_(registry) {}

std::optional<Round> Census::round(int year) {
  db::Session sql(db_);
  return store::get_round(sql, year);
}

Round Census::ensure_round(db::Session& sql, int year) {
  if (auto r = store::get_round(sql, year)) {
    if (r->frozen_at) throw std::invalid_argument(std::to_string(year) + "年度の調査は確定済みのため、変更できません。");
    return *r;
  }
  Round r;
  r.year = year;
  r.prefecture_code = prefecture_code_;
  r.reference_date = std::to_string(year) + "-04-01";
  store::create_round(sql, r);
  return r;
}

ImportResult Census::import(const ImportRequest& req, const audit::Actor& actor) {
  if (!valid_round(req.round)) throw std::invalid_argument("調査年度は西暦（例: 2026）で指定してください。");
  if (std::find(std::begin(kSourceKinds), std::end(kSourceKinds), req.kind) == std::end(kSourceKinds))
    throw std::invalid_argument("提出元の種類は municipality, education, registry, other のどれかです。");
  std::string source = text::trim(req.source);
  if (source.empty() || source.size() > 100 || !text::valid_utf8(source) || text::has_control_chars(source))
    throw std::invalid_argument("提出元の名前を100バイト以内で指定してください。");
  std::string municipality;
  if (!req.municipality.empty()) {
    MunicipalityLookup m = municipalities_.by_code(req.municipality);
    if (!m.code) throw std::invalid_argument(m.error);
    municipality = *m.code;
  }
  if (req.kind == "municipality" && municipality.empty())
    throw std::invalid_argument("市区町村の提出には市区町村コードを指定してください。");

  ImportResult result;
  RawTable table = read_table(req.bytes);
  SheetContext ctx{care_, municipalities_, prefecture_code_, municipality, registry::today_in_japan()};
  result.sheet = read_sheet(table, ctx);
  const Sheet& sheet = result.sheet;
  if (sheet.file_error) {
    result.refusal = "ファイルを取り込めませんでした。";
    return result;
  }
  if (sheet.invalid_rows > 0 && !req.skip_invalid) {
    result.refusal = error_count_message(sheet);
    return result;
  }
  if (sheet.rows.empty()) {
    result.refusal = "取り込める行がありません。";
    return result;
  }
  if (req.dry_run) return result;

  NewSource ns{req.round, source, req.kind, municipality, req.file_name, sheet.format, actor.login,
               static_cast<long long>(sheet.invalid_rows)};
  result.source_id = store_source(ns, sheet.rows, actor);
  result.stored = true;
  return result;
}

long long Census::store_source(const NewSource& ns, const std::vector<SheetRow>& rows, const audit::Actor& actor) {
  db::Session sql(db_);
  db::Transaction tx(sql);
  ensure_round(sql, ns.round_year);
  long long id = store::add_source(sql, ns, rows);
  audit_.append(sql, actor, {"import", "census_source", std::to_string(id),
                             std::to_string(ns.round_year) + " " + ns.name + ": " + std::to_string(rows.size()) +
                                 " rows, " + std::to_string(ns.skipped_rows) + " skipped"});
  tx.commit();
  return id;
}

ImportResult Census::import_registry(int round, const audit::Actor& actor) {
  if (!valid_round(round)) throw std::invalid_argument("調査年度は西暦（例: 2026）で指定してください。");
  if (!registry_) throw std::invalid_argument("台帳を使えません。");
  ImportResult result;
  result.sheet.format = "台帳";
  result.sheet.rows = registry_rows(*registry_, municipalities_, prefecture_code_);
  result.sheet.data_rows = result.sheet.rows.size();
  if (result.sheet.rows.empty()) {
    result.refusal = "台帳に取り込める子どもがいません。";
    return result;
  }
  NewSource ns{round, "registry", "registry", "", "台帳", "台帳", actor.login, 0};
  result.source_id = store_source(ns, result.sheet.rows, actor);
  result.stored = true;
  return result;
}

ReconcileSummary Census::reconcile(int year, const audit::Actor& actor) {
  ReconcileSummary sum;
  auto t0 = Clock::now();
  db::Session sql(db_);
  auto r = store::get_round(sql, year);
  if (!r) throw std::invalid_argument(std::to_string(year) + "年度の調査にはまだ何も取り込まれていません。");
  if (r->frozen_at) throw std::invalid_argument(std::to_string(year) + "年度の調査は確定済みのため、突合し直せません。");

  std::map<std::string, int, std::less<>> care_bit, affiliation_index;
  for (const master::CareItem& c : md_.care_items()) care_bit.emplace(c.code, static_cast<int>(care_bit.size() % 64));
  for (std::size_t i = 0; i < std::size(kAffiliations); ++i)
    affiliation_index.emplace(std::string(kAffiliations[i].code), static_cast<int>(i));
  auto care_bits = [&](std::string_view codes) {
    std::uint64_t bits = 0;
    for (std::size_t at = 0, next; at < codes.size(); at = next + 1) {
      next = std::min(codes.find(' ', at), codes.size());
      if (auto it = care_bit.find(codes.substr(at, next - at)); it != care_bit.end()) bits |= 1ULL << it->second;
    }
    return bits;
  };
  auto affiliation = [&](std::string_view code) {
    auto it = affiliation_index.find(code);
    return it == affiliation_index.end() ? -1 : it->second;
  };
  store::LinkInput in = store::link_input(sql, year, care_bits, affiliation);

  std::map<std::pair<std::string_view, std::string_view>, std::uint32_t> by_record;
  for (std::uint32_t i = 0; i < in.rows.size(); ++i) by_record.emplace(std::make_pair(std::string_view(in.source_names[in.source[i]]), std::string_view(in.record_ids[i])), i);
  std::vector<ReviewDecision> decisions;
  for (const store::StoredReview& rv : store::reviews(sql, year)) {
    auto a = by_record.find({rv.source_a, rv.record_a}), b = by_record.find({rv.source_b, rv.record_b});
    if (a != by_record.end() && b != by_record.end()) decisions.push_back({a->second, b->second, rv.same_child});
  }
  by_record.clear();
  sum.load_seconds = since(t0);

  auto t1 = Clock::now();
  LinkResult linked = link_rows(in.rows, decisions);
  const std::size_t n = in.rows.size();
  in.rows = {};  // keys are no longer needed: give the memory back before the links are built
  sum.link_seconds = since(t1);

  auto t2 = Clock::now();
  std::vector<store::LinkLine> links;
  links.reserve(n);
  std::vector<std::string> keys(n);
  std::set<std::string> used;
  for (std::uint32_t i = 0; i < n; ++i) {
    std::uint32_t root = linked.cluster[i];
    if (root == i) {
      keys[i] = person_key(in.source_names[in.source[i]], in.record_ids[i], used);
      ++sum.persons;
    }
    links.push_back({in.row_ids[i], keys[root]});
  }
  // Every link is kept (its explanation); of the pairs for a reviewer, the kMaxReviewPairs most likely.
  std::vector<store::PairLine> pairs;
  pairs.reserve(linked.pairs.size());
  std::size_t kept_for_review = 0;
  for (const ScoredPair& p : linked.pairs) {  // sorted by score, highest first
    bool link = p.c.decision == PairDecision::link;
    (link ? sum.linked_pairs : p.c.decision == PairDecision::review ? sum.review_pairs : sum.held_pairs)++;
    if (!link && ++kept_for_review > kMaxReviewPairs) continue;
    pairs.push_back({in.row_ids[p.a], in.row_ids[p.b], p.c.score, decision_name(p.c.decision), explanation(p)});
  }
  {
    db::Transaction tx(sql);
    store::replace_links(sql, year, links, pairs);
    store::set_reconciled(sql, year, db::now_seconds());
    audit_.append(sql, actor, {"reconcile", "census_round", std::to_string(year),
                               std::to_string(n) + " rows, " + std::to_string(sum.persons) + " children"});
    tx.commit();
  }
  sum.save_seconds = since(t2);
  sum.rows = n;
  sum.candidate_pairs = linked.candidate_pairs;
  return sum;
}

std::vector<store::PersonLink> Census::links(int year, const audit::Actor& actor) {
  db::Session sql(db_);
  if (!store::get_round(sql, year)) throw std::invalid_argument(std::to_string(year) + "年度の調査はありません。");
  auto out = store::person_links(sql, year);
  for (const store::PersonLink& l : out)
    if (l.person_key.empty())
      throw std::invalid_argument(std::to_string(year) + "年度は取り込み後にまだ突合していません。突合を実行してください。");
  audit_.append(actor, {"export", "census_round", std::to_string(year), "links: " + std::to_string(out.size()) + " rows"});
  return out;
}

void Census::freeze(int year, const audit::Actor& actor) {
  db::Session sql(db_);
  db::Transaction tx(sql);
  auto r = store::get_round(sql, year);
  if (!r) throw std::invalid_argument(std::to_string(year) + "年度の調査はありません。");
  if (r->frozen_at) throw std::invalid_argument(std::to_string(year) + "年度の調査はすでに確定済みです。");
  if (!r->reconciled_at) throw std::invalid_argument("突合してから確定してください。");
  store::set_frozen(sql, year, db::now_seconds(), actor.login);
  audit_.append(sql, actor, {"update", "census_round", std::to_string(year), "frozen"});
  tx.commit();
}

}  // namespace tsunagu::census
