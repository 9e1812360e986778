#include "resources/synthetic.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>

#include "core/random/splitmix.h"
#include "master/places.h"

namespace tsunagu::resources {

namespace {

using Rng = core::SplitMix64;

constexpr double kPi = 3.14159265358979323846;
constexpr long long kDay = 24 * 3600;

// The generator state for facility i: a hash of (seed, i), so that one facility's draws do not shift another's.
std::uint64_t facility_seed(std::uint64_t seed, std::size_t i) {
  return Rng(seed + 0xA24BAED4963EE407ull * (static_cast<std::uint64_t>(i) + 1)).next();
}

std::size_t pick_weighted(Rng& r, const std::vector<int>& weights) {
  long long total = 0;
  for (int w : weights) total += w;
  if (total <= 0) return 0;
  long long x = r.between(0, total - 1);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return weights.size() - 1;
}

// ---- Name parts, each with its reading in katakana.

struct Word {
  const char* text;
  const char* kana;
};

// Soft words that facilities and organisations are named after; none names a place or a person.
const Word kWords[] = {
    {"ひまわり", "ヒマワリ"},   {"さくら", "サクラ"},       {"たんぽぽ", "タンポポ"},   {"あおば", "アオバ"},
    {"つばさ", "ツバサ"},       {"こもれび", "コモレビ"},   {"ひだまり", "ヒダマリ"},   {"はるかぜ", "ハルカゼ"},
    {"そよかぜ", "ソヨカゼ"},   {"みらい", "ミライ"},       {"にじいろ", "ニジイロ"},   {"すみれ", "スミレ"},
    {"あおぞら", "アオゾラ"},   {"わかば", "ワカバ"},       {"すずらん", "スズラン"},   {"ほほえみ", "ホホエミ"},
    {"きずな", "キズナ"},       {"えがお", "エガオ"},       {"ぬくもり", "ヌクモリ"},   {"どんぐり", "ドングリ"},
    {"つくし", "ツクシ"},       {"なのはな", "ナノハナ"},   {"かがやき", "カガヤキ"},   {"のぞみ", "ノゾミ"},
    {"やまびこ", "ヤマビコ"},   {"せせらぎ", "セセラギ"},   {"ふたば", "フタバ"},       {"めばえ", "メバエ"},
    {"みどり", "ミドリ"},       {"青空", "アオゾラ"},       {"若葉", "ワカバ"},         {"陽だまり", "ヒダマリ"},
    {"希望", "キボウ"},         {"虹", "ニジ"},             {"星の子", "ホシノコ"},     {"光", "ヒカリ"},
    {"青葉", "アオバ"},         {"桜", "サクラ"},           {"スマイル", "スマイル"},   {"ハーモニー", "ハーモニー"},
    {"リーフ", "リーフ"},       {"ステラ", "ステラ"},       {"オリーブ", "オリーブ"},   {"ルピナス", "ルピナス"},
    {"ポラリス", "ポラリス"},   {"クローバー", "クローバー"}, {"ソレイユ", "ソレイユ"}, {"ミモザ", "ミモザ"},
};
constexpr std::size_t kWordCount = std::size(kWords);

const Word kFamilies[] = {
    {"佐藤", "サトウ"},   {"鈴木", "スズキ"},   {"高橋", "タカハシ"}, {"田中", "タナカ"},   {"伊藤", "イトウ"},
    {"渡辺", "ワタナベ"}, {"山本", "ヤマモト"}, {"中村", "ナカムラ"}, {"小林", "コバヤシ"}, {"加藤", "カトウ"},
    {"吉田", "ヨシダ"},   {"山田", "ヤマダ"},   {"松本", "マツモト"}, {"井上", "イノウエ"}, {"木村", "キムラ"},
    {"林", "ハヤシ"},     {"清水", "シミズ"},   {"森", "モリ"},       {"池田", "イケダ"},   {"橋本", "ハシモト"},
    {"石川", "イシカワ"}, {"藤井", "フジイ"},   {"岡田", "オカダ"},   {"前田", "マエダ"},   {"村上", "ムラカミ"},
};

// School names: directions and generic hill/terrace names.
const Word kSchoolWords[] = {
    {"中央", "チュウオウ"}, {"東", "ヒガシ"},       {"西", "ニシ"},         {"南", "ミナミ"},
    {"北", "キタ"},         {"第一", "ダイイチ"},   {"第二", "ダイニ"},     {"第三", "ダイサン"},
    {"緑丘", "ミドリガオカ"}, {"桜台", "サクラダイ"}, {"若葉台", "ワカバダイ"}, {"旭", "アサヒ"},
};

// The middle of an organisation's name before 会 (…福祉会, …愛育会).
const Word kAssociation[] = {{"", ""},           {"福祉", "フクシ"},   {"愛育", "アイイク"}, {"恵和", "ケイワ"},
                             {"清風", "セイフウ"}, {"明和", "メイワ"},   {"共生", "キョウセイ"}, {"慈恵", "ジケイ"},
                             {"厚生", "コウセイ"}};
const Word kCompany[] = {{"", ""},         {"ケア", "ケア"},     {"メディカル", "メディカル"}, {"ライフ", "ライフ"},
                         {"ヘルスケア", "ヘルスケア"}, {"プラス", "プラス"}, {"ネクスト", "ネクスト"}};

const char* const kTownParts[] = {"本町", "中央町", "栄町", "旭町", "緑町", "幸町", "東町", "西町", "南町",
                                  "北町", "昭和町", "大手町", "新町", "錦町", "桜町", "若葉町", "元町", "寿町",
                                  "朝日町", "松原町", "泉町", "宮前町", "住吉町", "駅前"};
const char* const kBuildings[] = {"ビル", "メディカルビル", "ハイツ", "会館"};

const char* const kConditions[] = {"要相談", "日中のみ", "看護師の勤務日のみ", "主治医の指示書が必要",
                                   "事前の面談と体験利用のあとで", "受け入れ人数に限りあり"};
const char* const kSchoolConditions[] = {"看護師の配置日のみ", "保護者との事前の打合せが必要", "要相談",
                                         "主治医の指示書が必要"};

// A part of a name built at run time (a municipality's or prefecture's name), with its reading.
struct Part {
  Part(const Word& w) : text(w.text), kana(w.kana) {}
  Part(std::string t, std::string k) : text(std::move(t)), kana(std::move(k)) {}
  std::string text, kana;
};

// ---- Kinds of facility, with their share (per mille).

enum class Kind {
  nursing,         // 訪問看護ステーション
  clinic,          // 在宅療養支援診療所・小児科クリニック
  child_day,       // 児童発達支援・放課後等デイサービス
  life_care,       // 生活介護
  helper,          // ヘルパーステーション（居宅介護・移動支援）
  bathing,         // 訪問入浴
  counseling,      // 相談支援
  nursery,         // 保育園
  certified,       // 認定こども園
  kindergarten,    // 幼稚園
  school,          // 小学校・中学校・高等学校
  special_school,  // 特別支援学校
  hospital,        // 病院
  ryoiku,          // 療育センター（医療型障害児入所施設）
};
constexpr int kKindWeights[] = {150, 70, 230, 50, 60, 15, 50, 190, 50, 40, 45, 12, 25, 13};

enum class Family { none, medical, welfare, company, npo, school };

// The top-level care items, from easiest (1) to hardest (5) for a provider to accept.
struct CareLevel {
  const char* code;
  int level;
};
constexpr CareLevel kCare[] = {
    {"blood_glucose", 1},  {"seizure_management", 1},  {"urinary_catheterization", 2}, {"tube_feeding", 2},
    {"bowel_management", 2}, {"nebulizer", 2},           {"injection", 2},               {"suction", 3},
    {"oxygen_therapy", 3}, {"nasopharyngeal_airway", 4}, {"tracheostomy", 4},            {"central_venous_catheter", 5},
    {"ventilator", 5},     {"dialysis", 5},
};

// The chance that a facility of a kind accepts an item of level 1…5.
struct Openness {
  double p[5];
};

Openness openness(Kind k, bool severe) {
  switch (k) {
    case Kind::nursing: return {{.97, .95, .93, .88, .80}};
    case Kind::clinic: return {{.95, .93, .90, .85, .70}};
    case Kind::hospital: return {{.98, .97, .96, .93, .88}};
    case Kind::ryoiku: return {{.98, .97, .96, .93, .85}};
    case Kind::child_day: return severe ? Openness{{.95, .92, .88, .75, .50}} : Openness{{.55, .40, .25, .08, .02}};
    case Kind::life_care: return severe ? Openness{{.90, .88, .85, .70, .45}} : Openness{{.50, .35, .20, .05, .02}};
    case Kind::helper: return {{.20, .25, .45, .05, .01}};  // 喀痰吸引等: suction and tube feeding (below)
    case Kind::bathing: return {{.75, .65, .60, .50, .35}};
    case Kind::counseling: return {{.90, .90, .88, .85, .80}};
    case Kind::nursery:
    case Kind::certified: return {{.35, .22, .10, .03, .005}};
    case Kind::kindergarten: return {{.25, .12, .04, .01, 0}};
    case Kind::school: return {{.55, .40, .18, .05, .01}};
    case Kind::special_school: return {{.95, .92, .85, .60, .30}};
  }
  return {{0, 0, 0, 0, 0}};
}

// A service as planned: type, ages and a note; the rest is drawn afterwards.
struct Slot {
  const char* type;
  std::optional<int> lo, hi;
  std::string notes;
};

struct Org {
  Organization record;
  Family family = Family::none;
  const Word* word = nullptr;
  std::string municipality_code;
};

// What the demo fixes about a facility; everything else is drawn.
struct Shape {
  std::optional<Kind> kind;
  const master::Municipality* municipality = nullptr;
  bool active = false;
};

}  // namespace

class FacilityGenerator::Impl {
 public:
  Impl(const master::MasterData& md, const std::string& prefecture_code, std::uint64_t seed, long long now)
      : md_(md), seed_(seed), now_(now), places_(md, prefecture_code, "synthetic_facilities") {
  }

  const std::vector<Organization>& organizations() const { return organizations_; }

  SyntheticFacility make(const Shape& shape = {}) {
    Rng r(facility_seed(seed_, next_++));
    SyntheticFacility out;
    Facility& f = out.facility;
    const master::Municipality& m = shape.municipality ? *shape.municipality : place(r);
    f.prefecture_code = m.prefecture_code;
    f.municipality_code = m.code;
    static const std::vector<int> kinds(std::begin(kKindWeights), std::end(kKindWeights));
    Kind kind = shape.kind ? *shape.kind : static_cast<Kind>(pick_weighted(r, kinds));
    bool severe = (kind == Kind::child_day && r.chance(0.35)) || (kind == Kind::life_care && r.chance(0.45));

    Family family = organisation_family(r, kind);
    const Org* org = nullptr;
    if (family != Family::none) {
      std::size_t index = organisation(r, family, m);
      org = &orgs_[index];
      out.organization = index;
      f.organization_name = org->record.name;
    }
    // A branch is often named after its organisation (ひまわり会 → ひまわり保育園).
    const Word& word = org && org->word && r.chance(0.65) ? *org->word : kWords[r.below(kWordCount)];
    name(r, f, kind, word, m, shape.kind.has_value());

    coordinates(r, f, m);
    f.address = address(r);
    f.phone = phone(r, m.prefecture_code);
    if (r.chance(0.35)) f.website = "https://example.jp/facilities/" + std::to_string(r.between(100000, 999999));
    f.hours = hours(r, kind);
    f.description = description(r, kind, severe);
    f.status = !shape.active && r.chance(0.03) ? "closed" : "active";

    Openness open = openness(kind, severe);
    std::vector<std::string> accepted;
    for (const CareLevel& c : kCare) {
      double p = open.p[c.level - 1];
      if (kind == Kind::helper && (std::string_view(c.code) == "suction" || std::string_view(c.code) == "tube_feeding"))
        p = 0.55;
      if (r.chance(p)) accepted.emplace_back(c.code);
    }
    for (Slot& s : slots(r, kind)) f.services.push_back(service(r, kind, severe, s, accepted));

    // Confirmed within the last two years: about 30% more than a year ago.
    long long age_days = r.chance(0.7) ? r.between(0, 359) : r.between(360, 730);
    f.confirmed_at = now_ - age_days * kDay - r.between(0, kDay - 1);
    f.created_at = *f.confirmed_at - r.between(0, 3 * 365) * kDay;
    f.updated_at = *f.confirmed_at;
    f.confirmed_by = "center";
    return out;
  }

 private:
  const master::Municipality& place(Rng& r) const { return places_.draw(r); }

  // ---- organisations

  static Family organisation_family(Rng& r, Kind k) {
    using F = Family;
    auto from = [&r](std::initializer_list<std::pair<F, int>> options) {
      std::vector<int> w;
      std::vector<F> f;
      for (auto [family, weight] : options) {
        f.push_back(family);
        w.push_back(weight);
      }
      return f[pick_weighted(r, w)];
    };
    switch (k) {
      case Kind::nursing: return from({{F::company, 45}, {F::medical, 35}, {F::npo, 10}, {F::welfare, 10}, {F::none, 15}});
      case Kind::clinic: return from({{F::medical, 75}, {F::none, 25}});  // none: run by the doctor in person
      case Kind::child_day: return from({{F::company, 40}, {F::npo, 25}, {F::welfare, 30}, {F::medical, 5}, {F::none, 15}});
      case Kind::life_care: return from({{F::welfare, 70}, {F::npo, 20}, {F::company, 10}, {F::none, 5}});
      case Kind::helper: return from({{F::company, 60}, {F::welfare, 25}, {F::npo, 15}, {F::none, 15}});
      case Kind::bathing: return from({{F::company, 80}, {F::welfare, 20}, {F::none, 10}});
      case Kind::counseling: return from({{F::welfare, 50}, {F::npo, 30}, {F::company, 20}, {F::none, 15}});
      case Kind::nursery: return from({{F::none, 35}, {F::welfare, 52}, {F::company, 13}});  // none: public
      case Kind::certified: return from({{F::none, 20}, {F::school, 36}, {F::welfare, 44}});
      case Kind::kindergarten: return from({{F::none, 25}, {F::school, 64}, {F::welfare, 11}});
      case Kind::school:
      case Kind::special_school: return Family::none;  // public
      case Kind::hospital: return from({{F::medical, 85}, {F::none, 15}});
      case Kind::ryoiku: return from({{F::welfare, 60}, {F::medical, 25}, {F::none, 15}});
    }
    return Family::none;
  }

  // An organisation for a new facility in municipality m: a new one (40%) or one of the same family in the
  // prefecture, most often one based in the same municipality: about 2.5 facilities per organisation.
  std::size_t organisation(Rng& r, Family family, const master::Municipality& m) {
    std::vector<std::size_t>& in_prefecture = by_prefecture_[{m.prefecture_code, family}];
    if (!in_prefecture.empty() && !r.chance(0.4)) {
      std::vector<std::size_t>& local = by_municipality_[{m.code, family}];
      if (!local.empty() && r.chance(0.6)) return local[r.below(local.size())];
      return in_prefecture[r.below(in_prefecture.size())];
    }
    Org o;
    o.family = family;
    o.municipality_code = m.code;
    o.record.prefecture_code = m.prefecture_code;
    // A name not yet used in the prefecture, when one is found in a few tries.
    std::set<std::string>& used = names_[m.prefecture_code];
    for (int attempt = 0; attempt < 12; ++attempt) {
      organisation_name(r, o);
      if (!used.count(o.record.name)) break;
    }
    used.insert(o.record.name);
    o.record.phone = phone(r, m.prefecture_code);
    if (r.chance(0.5)) o.record.website = "https://example.jp/org/" + std::to_string(r.between(100000, 999999));
    orgs_.push_back(o);
    organizations_.push_back(o.record);
    std::size_t index = orgs_.size() - 1;
    in_prefecture.push_back(index);
    by_municipality_[{m.code, family}].push_back(index);
    return index;
  }

  static void organisation_name(Rng& r, Org& o) {
    const Word& w = kWords[r.below(kWordCount)];
    o.word = &w;
    auto set = [&o](const std::string& form, const std::string& middle, const std::string& kana) {
      o.record.name = form + middle;
      o.record.name_kana = kana;  // the distinctive part only, as directories sort them
    };
    const Word& a = kAssociation[r.below(std::size(kAssociation))];
    switch (o.family) {
      case Family::medical: {
        static constexpr const char* kForms[] = {"医療法人", "医療法人社団", "医療法人財団"};
        const char* form = kForms[r.weighted({60, 35, 5})];
        if (r.chance(0.3)) {
          const Word& f = kFamilies[r.below(std::size(kFamilies))];
          o.word = nullptr;
          set(form, std::string(f.text) + "会", std::string(f.kana) + "カイ");
        } else {
          set(form, std::string(w.text) + a.text + "会", std::string(w.kana) + a.kana + "カイ");
        }
        break;
      }
      case Family::welfare:
        set("社会福祉法人", std::string(w.text) + a.text + "会", std::string(w.kana) + a.kana + "カイ");
        break;
      case Family::company: {
        static constexpr const char* kForms[] = {"株式会社", "合同会社", "有限会社"};
        const Word& c = kCompany[r.below(std::size(kCompany))];
        set(kForms[r.weighted({70, 20, 10})], std::string(w.text) + c.text, std::string(w.kana) + c.kana);
        break;
      }
      case Family::npo: {
        static constexpr Word kTails[] = {{"", ""}, {"の会", "ノカイ"}, {"ネット", "ネット"}, {"ひろば", "ヒロバ"}};
        const Word& t = kTails[r.below(std::size(kTails))];
        set(r.chance(0.7) ? "特定非営利活動法人" : "一般社団法人", std::string(w.text) + t.text,
            std::string(w.kana) + t.kana);
        break;
      }
      case Family::school:
        set("学校法人", std::string(w.text) + "学園", std::string(w.kana) + "ガクエン");
        break;
      case Family::none:
        break;
    }
  }

  // ---- names

  // The owner of a public facility: the municipality (a designated city for its wards) or the prefecture.
  Part owner(const master::Municipality& m) const {
    const master::Municipality* o = &m;
    if (m.level == "ward")
      if (const master::Municipality* city = md_.municipality(m.parent_code)) o = city;
    return {o->name + "立", o->name_kana + "リツ"};
  }
  Part prefectural(const master::Municipality& m) const {
    const master::Prefecture* p = md_.prefecture(m.prefecture_code);
    return {(p ? p->name : "") + "立", (p ? p->name_kana : "") + "リツ"};
  }

  void name(Rng& r, Facility& f, Kind kind, const Word& w, const master::Municipality& m, bool fixed) {
    std::string n, k;
    auto set = [&](std::initializer_list<Part> parts) {
      for (const Part& p : parts) {
        n += p.text;
        k += p.kana;
      }
    };
    const Word& family = kFamilies[r.below(std::size(kFamilies))];
    const Word& school = kSchoolWords[r.below(std::size(kSchoolWords))];
    const bool is_public = f.organization_name.empty();
    switch (kind) {
      case Kind::nursing:
        switch (r.weighted({45, 35, 20})) {
          case 0: set({w, {"訪問看護ステーション", "ホウモンカンゴステーション"}}); break;
          case 1: set({{"訪問看護ステーション　", "ホウモンカンゴステーション　"}, w}); break;
          default: set({w, {"こども訪問看護ステーション", "コドモホウモンカンゴステーション"}}); break;
        }
        break;
      case Kind::clinic:
        switch (r.weighted({30, 25, 25, 20})) {
          case 0: set({family, {"小児科クリニック", "ショウニカクリニック"}}); break;
          case 1: set({family, {"内科小児科医院", "ナイカショウニカイイン"}}); break;
          case 2: set({w, {"こどもクリニック", "コドモクリニック"}}); break;
          default: set({w, {"在宅クリニック", "ザイタククリニック"}}); break;
        }
        break;
      case Kind::child_day:
        switch (fixed ? 0 : r.weighted({25, 20, 15, 15, 10, 10, 5})) {
          case 0: set({{"こどもデイサービス　", "コドモデイサービス　"}, w}); break;
          case 1: set({w, {"こども発達支援センター", "コドモハッタツシエンセンター"}}); break;
          case 2: set({{"多機能型事業所　", "タキノウガタジギョウショ　"}, w}); break;
          case 3: set({{"放課後等デイサービス　", "ホウカゴトウデイサービス　"}, w}); break;
          case 4: set({{"重症児デイサービス　", "ジュウショウジデイサービス　"}, w}); break;
          case 5: set({w, {"キッズ", "キッズ"}}); break;
          default: set({{"児童発達支援・放課後等デイサービス　", "ジドウハッタツシエン・ホウカゴトウデイサービス　"}, w}); break;
        }
        break;
      case Kind::life_care:
        switch (r.weighted({35, 30, 20, 15})) {
          case 0: set({{"生活介護事業所　", "セイカツカイゴジギョウショ　"}, w}); break;
          case 1: set({w, {"の家", "ノイエ"}}); break;
          case 2: set({w, {"ケアセンター", "ケアセンター"}}); break;
          default: set({{"多機能型事業所　", "タキノウガタジギョウショ　"}, w}); break;
        }
        break;
      case Kind::helper:
        switch (r.weighted({40, 35, 25})) {
          case 0: set({{"ヘルパーステーション　", "ヘルパーステーション　"}, w}); break;
          case 1: set({w, {"ホームヘルプサービス", "ホームヘルプサービス"}}); break;
          default: set({w, {"介護サービス", "カイゴサービス"}}); break;
        }
        break;
      case Kind::bathing:
        if (r.chance(0.6)) set({w, {"訪問入浴サービス", "ホウモンニュウヨクサービス"}});
        else set({{"訪問入浴　", "ホウモンニュウヨク　"}, w});
        break;
      case Kind::counseling:
        switch (r.weighted({40, 35, 25})) {
          case 0: set({w, {"相談支援センター", "ソウダンシエンセンター"}}); break;
          case 1: set({{"相談支援事業所　", "ソウダンシエンジギョウショ　"}, w}); break;
          default: set({{"障害児相談支援　", "ショウガイジソウダンシエン　"}, w}); break;
        }
        break;
      case Kind::nursery:
        if (is_public) set({owner(m), w, {"保育所", "ホイクショ"}});
        else if (r.chance(0.8)) set({w, {"保育園", "ホイクエン"}});
        else set({w, {"第二保育園", "ダイニホイクエン"}});
        break;
      case Kind::certified:
        if (is_public) set({owner(m), w, {"こども園", "コドモエン"}});
        else if (r.chance(0.5)) set({{"認定こども園　", "ニンテイコドモエン　"}, w});
        else if (r.chance(0.5)) set({w, {"こども園", "コドモエン"}});
        else set({{"幼保連携型認定こども園　", "ヨウホレンケイガタニンテイコドモエン　"}, w});
        break;
      case Kind::kindergarten:
        if (is_public) set({owner(m), w, {"幼稚園", "ヨウチエン"}});
        else set({w, {"幼稚園", "ヨウチエン"}});
        break;
      case Kind::school: {
        school_level_ = r.weighted({55, 35, 10});
        if (school_level_ == 0) set({owner(m), school, {"小学校", "ショウガッコウ"}});
        else if (school_level_ == 1) set({owner(m), school, {"中学校", "チュウガッコウ"}});
        else set({prefectural(m), school, {"高等学校", "コウトウガッコウ"}});
        break;
      }
      case Kind::special_school:
        set({prefectural(m), school, {"特別支援学校", "トクベツシエンガッコウ"}});
        break;
      case Kind::hospital:
        switch (r.weighted({35, 35, 30})) {
          case 0: set({family, {"記念病院", "キネンビョウイン"}}); break;
          case 1: set({w, {"病院", "ビョウイン"}}); break;
          default: set({family, {"病院", "ビョウイン"}}); break;
        }
        break;
      case Kind::ryoiku:
        if (r.chance(0.6)) set({w, {"療育センター", "リョウイクセンター"}});
        else set({w, {"園", "エン"}});
        break;
    }
    f.name = n;
    f.name_kana = k;
  }

  // ---- place and contact

  void coordinates(Rng& r, Facility& f, const master::Municipality& m) const {
    double radius = m.level == "special_ward" ? 2.0 : m.level == "ward" ? 2.5 : m.level == "city" ? 4.5 : 4.0;
    double d = radius * std::sqrt(r.unit()), angle = 2 * kPi * r.unit();
    double lat = m.lat + d * std::cos(angle) / 111.0;
    double lng = m.lng + d * std::sin(angle) / (111.0 * std::cos(m.lat * kPi / 180));
    f.lat = std::round(lat * 1e6) / 1e6;
    f.lng = std::round(lng * 1e6) / 1e6;
  }

  static std::string address(Rng& r) {
    std::string a = kTownParts[r.below(std::size(kTownParts))];
    long long chome = r.between(1, 5), ban = r.between(1, 30), go = r.between(1, 25);
    if (r.chance(0.5))
      a += std::to_string(chome) + "丁目" + std::to_string(ban) + "番" + std::to_string(go) + "号";
    else
      a += std::to_string(chome) + "-" + std::to_string(ban) + "-" + std::to_string(go);
    if (r.chance(0.2))
      a += std::string(" ") + kWords[r.below(kWordCount)].text + kBuildings[r.below(std::size(kBuildings))] +
           std::to_string(r.between(1, 4)) + "階";
    return a;
  }

  // 0PP-000-NNNN: see synthetic.h.
  static std::string phone(Rng& r, const std::string& prefecture_code) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0%s-000-%04d", prefecture_code.c_str(), static_cast<int>(r.below(10000)));
    return buf;
  }

  static std::string hours(Rng& r, Kind k) {
    switch (k) {
      case Kind::nursing: return r.chance(0.7) ? "月〜金 9:00〜18:00（24時間連絡体制あり）" : "月〜土 8:30〜17:30";
      case Kind::clinic:
      case Kind::hospital: return "外来 月〜金 9:00〜12:00、14:00〜17:30／土 9:00〜12:00";
      case Kind::child_day: return r.chance(0.6) ? "月〜金 10:00〜17:30、土・長期休暇 9:00〜16:00" : "月〜土 9:30〜17:00";
      case Kind::life_care: return "月〜金 9:30〜16:00";
      case Kind::helper:
      case Kind::bathing: return "月〜土 8:30〜17:30";
      case Kind::counseling: return "月〜金 8:30〜17:15";
      case Kind::nursery:
      case Kind::certified: return r.chance(0.5) ? "月〜土 7:00〜19:00" : "月〜土 7:30〜18:30";
      case Kind::kindergarten: return "月〜金 9:00〜14:00（預かり保育 〜18:00）";
      case Kind::school:
      case Kind::special_school: return "平日 8:20〜16:30";
      case Kind::ryoiku: return "短期入所は365日。外来 月〜金 9:00〜17:00";
    }
    return "";
  }

  static std::string description(Rng& r, Kind k, bool severe) {
    switch (k) {
      case Kind::nursing:
        return r.chance(0.5) ? "医療的ケアが必要なお子さんとご家族の暮らしを、看護師とリハビリ職が訪問して支えます。"
                             : "小児の訪問看護に対応しています。人工呼吸器や経管栄養のお子さんもご相談ください。";
      case Kind::clinic: return "在宅療養支援診療所です。通院が難しいお子さんへの訪問診療を行っています。";
      case Kind::child_day:
        return severe ? "重症心身障害児を主な対象とする事業所です。看護師が常駐し、医療的ケアに対応します。"
                      : "未就学児の療育と、就学児の放課後・長期休暇の居場所を提供しています。";
      case Kind::life_care: return "18歳以上の方の日中活動の場です。入浴や送迎にも対応しています。";
      case Kind::helper: return "喀痰吸引等の研修を修了したヘルパーが、ご自宅での生活と外出を支援します。";
      case Kind::bathing: return "看護師と介護職がご自宅に浴槽をお持ちして入浴を支援します。";
      case Kind::counseling: return "障害福祉サービスの利用計画の作成と、暮らしの相談を受け付けています。";
      case Kind::nursery:
      case Kind::certified: return "医療的ケア児の受け入れについては、入園前に面談のうえ相談しています。";
      case Kind::kindergarten: return "3歳から5歳のお子さんの幼稚園です。受け入れはご相談ください。";
      case Kind::school: return "看護師を配置し、医療的ケアが必要な児童生徒の学校生活を支えています。";
      case Kind::special_school: return "看護師を配置し、通学と訪問教育の両方で医療的ケアに対応しています。";
      case Kind::hospital: return "小児科の外来・入院に加え、在宅の医療的ケア児のレスパイト入院を受け入れています。";
      case Kind::ryoiku: return "医療型障害児入所施設です。短期入所と外来療育を行っています。";
    }
    return "";
  }

  // ---- services

  // Ages typical of a service type.
  static Slot slot(Rng& r, const char* type) {
    std::string t = type;
    auto ages = [&](std::initializer_list<std::pair<std::pair<int, int>, int>> options) -> Slot {
      std::vector<int> w;
      for (const auto& o : options) w.push_back(o.second);
      auto [lo, hi] = (options.begin() + pick_weighted(r, w))->first;
      Slot s{type, std::nullopt, std::nullopt, ""};
      if (lo >= 0) s.lo = lo;
      if (hi >= 0) s.hi = hi;
      return s;
    };
    if (t == "visiting_nursing") return ages({{{-1, -1}, 60}, {{0, 17}, 25}, {{0, 19}, 15}});
    if (t == "home_medical_care") return ages({{{-1, -1}, 70}, {{0, 15}, 15}, {{0, 19}, 15}});
    if (t == "child_development_support") return ages({{{0, 5}, 80}, {{1, 5}, 10}, {{2, 5}, 10}});
    if (t == "after_school_day_service") return ages({{{6, 17}, 90}, {{6, 19}, 10}});
    if (t == "short_stay_medical") return ages({{{0, -1}, 50}, {{0, 17}, 30}, {{1, 17}, 20}});
    if (t == "short_stay_welfare") return ages({{{6, 17}, 40}, {{0, 17}, 30}, {{-1, -1}, 30}});
    if (t == "daily_life_care") return ages({{{18, -1}, 100}});
    if (t == "day_respite") return ages({{{0, 17}, 40}, {{6, 17}, 40}, {{-1, -1}, 20}});
    if (t == "home_help") return ages({{{-1, -1}, 60}, {{0, 17}, 40}});
    if (t == "mobility_support") return ages({{{6, -1}, 50}, {{6, 17}, 50}});
    if (t == "counseling_support") return ages({{{0, 17}, 60}, {{-1, -1}, 40}});
    if (t == "hospital_pediatrics") return ages({{{0, 15}, 50}, {{0, 19}, 30}, {{-1, -1}, 20}});
    if (t == "respite_hospital") return ages({{{0, 19}, 60}, {{-1, -1}, 40}});
    return {type, std::nullopt, std::nullopt, ""};
  }

  static Slot with(Slot s, std::optional<int> lo, std::optional<int> hi, std::string notes) {
    s.lo = lo;
    s.hi = hi;
    s.notes = std::move(notes);
    return s;
  }

  // The services of a facility of kind k: the ones it always has, then others drawn by weight, up to a count
  // drawn for the kind.
  std::vector<Slot> slots(Rng& r, Kind k) {
    std::vector<Slot> out;
    std::vector<std::pair<Slot, int>> extra;
    std::vector<int> counts;  // weights of 1, 2, 3, 4 services
    auto s = [&r](const char* type) { return slot(r, type); };
    switch (k) {
      case Kind::nursing:
        out = {s("visiting_nursing")};
        extra = {{s("home_rehabilitation"), 5}, {s("counseling_support"), 3}, {s("home_help"), 2},
                 {s("child_development_support"), 1}, {s("after_school_day_service"), 1}, {s("home_bathing"), 1}};
        counts = {5, 20, 35, 40};
        break;
      case Kind::clinic:
        out = {s("home_medical_care")};
        extra = {{with(s("other"), 0, 15, "小児科外来"), 5}, {s("visiting_nursing"), 3}, {s("home_rehabilitation"), 2},
                 {with(s("short_stay_medical"), 0, 17, "有床診療所の短期入所"), 1}, {s("day_respite"), 1}};
        counts = {10, 25, 35, 30};
        break;
      case Kind::child_day: {
        int shape = r.weighted({55, 20, 25});  // 多機能型, 児童発達支援 only, 放課後等デイ only
        if (shape != 2) out.push_back(s("child_development_support"));
        if (shape != 1) out.push_back(s("after_school_day_service"));
        if (shape == 1) extra.push_back({s("after_school_day_service"), 3});
        if (shape == 2) extra.push_back({s("child_development_support"), 3});
        extra.insert(extra.end(), {{s("day_respite"), 4}, {with(s("counseling_support"), 0, 17, "障害児相談支援"), 3},
                                   {s("short_stay_welfare"), 1}, {s("mobility_support"), 1},
                                   {s("daily_life_care"), 1}});
        counts = {3, 12, 35, 50};
        break;
      }
      case Kind::life_care:
        out = {s("daily_life_care")};
        extra = {{s("short_stay_welfare"), 3}, {s("day_respite"), 3}, {s("counseling_support"), 2},
                 {s("after_school_day_service"), 1}, {s("home_help"), 1}};
        counts = {10, 20, 35, 35};
        break;
      case Kind::helper:
        out = {s("home_help")};
        extra = {{s("mobility_support"), 5}, {s("counseling_support"), 2}, {s("home_bathing"), 1}, {s("day_respite"), 1}};
        counts = {5, 25, 35, 35};
        break;
      case Kind::bathing:
        out = {s("home_bathing")};
        extra = {{s("home_help"), 2}, {s("visiting_nursing"), 1}};
        counts = {50, 35, 15};
        break;
      case Kind::counseling:
        out = {with(s("counseling_support"), 0, 17, "障害児相談支援")};
        extra = {{with(s("counseling_support"), 18, std::nullopt, "計画相談支援"), 4}, {s("home_help"), 1},
                 {s("day_respite"), 1}};
        counts = {20, 40, 30, 10};
        break;
      case Kind::nursery:
      case Kind::certified: {
        const char* type = k == Kind::nursery ? "nursery" : "certified_childcare";
        counts = k == Kind::nursery ? std::vector<int>{5, 25, 40, 30} : std::vector<int>{0, 30, 40, 30};
        std::size_t count = pick_weighted(r, counts) + 1;
        if (count == 1) return {with(s(type), 0, 5, "")};
        out = {with(s(type), 0, 2, "乳児クラス（0〜2歳）"), with(s(type), 3, 5, "幼児クラス（3〜5歳）")};
        extra = {{with(s("other"), 0, 5, "一時預かり"), 4}, {with(s("other"), 1, 5, "病児・病後児保育"), 2}};
        return fill(r, std::move(out), std::move(extra), count);
      }
      case Kind::kindergarten:
        out = {with(s("kindergarten"), 3, 5, "")};
        extra = {{with(s("other"), 3, 5, "預かり保育"), 3}, {with(s("other"), 2, 2, "未就園児クラス"), 2}};
        counts = {30, 40, 30};
        break;
      case Kind::school: {
        int lo = school_level_ == 0 ? 6 : school_level_ == 1 ? 12 : 15, hi = school_level_ == 0 ? 11 : school_level_ == 1 ? 14 : 17;
        out = {with(s("school"), lo, hi, school_level_ == 2 ? "全日制" : "通常の学級")};
        extra = {{with(s("school"), lo, hi, school_level_ == 2 ? "定時制" : "特別支援学級"), 1}};
        counts = {20, 80};
        break;
      }
      case Kind::special_school:
        out = {with(s("special_needs_school"), 6, 11, "小学部"), with(s("special_needs_school"), 12, 14, "中学部"),
               with(s("special_needs_school"), 15, 17, "高等部")};
        extra = {{with(s("special_needs_school"), 6, 17, "訪問教育"), 3}, {with(s("special_needs_school"), 3, 5, "幼稚部"), 2}};
        counts = {0, 0, 60, 40};
        break;
      case Kind::hospital:
        out = {s("hospital_pediatrics")};
        extra = {{s("respite_hospital"), 5}, {s("short_stay_medical"), 5}, {s("home_medical_care"), 2},
                 {s("visiting_nursing"), 2}, {s("day_respite"), 1}};
        counts = {10, 20, 35, 35};
        break;
      case Kind::ryoiku:
        out = {s("short_stay_medical")};
        extra = {{s("child_development_support"), 4}, {s("daily_life_care"), 3}, {s("respite_hospital"), 3},
                 {s("after_school_day_service"), 2}, {s("counseling_support"), 2}, {s("hospital_pediatrics"), 2}};
        counts = {0, 10, 40, 50};
        break;
    }
    return fill(r, std::move(out), std::move(extra), pick_weighted(r, counts) + 1);
  }

  static std::vector<Slot> fill(Rng& r, std::vector<Slot> out, std::vector<std::pair<Slot, int>> extra, std::size_t count) {
    while (out.size() < count && !extra.empty()) {
      std::vector<int> w;
      for (const auto& e : extra) w.push_back(e.second);
      std::size_t i = pick_weighted(r, w);
      out.push_back(std::move(extra[i].first));
      extra.erase(extra.begin() + static_cast<long>(i));
    }
    return out;
  }

  static void capacity(Rng& r, Service& s) {
    const std::string& t = s.service_type;
    auto vacancy = [&](double none, int most) {
      if (!s.capacity || r.chance(none)) return;
      s.vacancy = r.chance(0.45) ? 0 : static_cast<int>(r.between(0, std::min(most, *s.capacity)));
    };
    if (t == "child_development_support" || t == "after_school_day_service") {
      static constexpr int kCap[] = {10, 5, 20};
      s.capacity = kCap[r.weighted({75, 15, 10})];
      vacancy(0.25, 3);
    } else if (t == "short_stay_medical" || t == "short_stay_welfare" || t == "respite_hospital") {
      s.capacity = static_cast<int>(t == "respite_hospital" ? r.between(1, 4) : r.between(2, 10));
      vacancy(0.4, 2);
    } else if (t == "daily_life_care") {
      s.capacity = r.chance(0.5) ? 20 : static_cast<int>(r.between(1, 4) * 10);
      vacancy(0.3, 3);
    } else if (t == "day_respite") {
      s.capacity = static_cast<int>(r.between(5, 10));
      vacancy(0.5, 3);
    } else if (t == "nursery" || t == "certified_childcare") {
      int lo = s.age_max && *s.age_max <= 2 ? 12 : s.age_min && *s.age_min >= 3 ? 30 : 40;
      int hi = s.age_max && *s.age_max <= 2 ? 45 : s.age_min && *s.age_min >= 3 ? 90 : 120;
      s.capacity = static_cast<int>(r.between(lo, hi));
      vacancy(0.3, 5);
    } else if (t == "kindergarten") {
      s.capacity = static_cast<int>(r.between(7, 28) * 10);
      vacancy(0.3, 20);
    } else if (t == "special_needs_school" && r.chance(0.5)) {
      s.capacity = static_cast<int>(r.between(2, 12) * 10);
    } else if (t == "hospital_pediatrics" && r.chance(0.5)) {
      s.capacity = static_cast<int>(r.between(10, 40));
    } else if (t == "other" && (s.notes == "一時預かり" || s.notes == "病児・病後児保育" || s.notes == "預かり保育")) {
      s.capacity = static_cast<int>(r.between(3, 10));
      vacancy(0.5, 3);
    }
  }

  static void features(Rng& r, Service& s, bool severe) {
    const std::string& t = s.service_type;
    double transport = 0, bathing = 0, nurse = 0, night = 0, sev = 0;
    if (t == "visiting_nursing") night = .75, sev = .45;
    else if (t == "home_medical_care") night = .85, sev = .35;
    else if (t == "home_rehabilitation") sev = .2;
    else if (t == "child_development_support" || t == "after_school_day_service")
      transport = .85, nurse = severe ? .9 : .2, bathing = severe ? .35 : .03, sev = severe ? 1 : 0, night = .03;
    else if (t == "short_stay_medical") nurse = .97, bathing = .8, night = .9, sev = .85, transport = .3;
    else if (t == "short_stay_welfare") bathing = .7, night = .85, nurse = .3, transport = .35, sev = .3;
    else if (t == "daily_life_care") transport = .9, bathing = .6, nurse = severe ? .9 : .4, sev = severe ? 1 : .3;
    else if (t == "day_respite") transport = .45, nurse = .3, night = .1, bathing = .1;
    else if (t == "home_help") night = .3, sev = .2;
    else if (t == "home_bathing") bathing = 1, nurse = .9;
    else if (t == "mobility_support") transport = .3;
    else if (t == "counseling_support") night = .05;
    else if (t == "nursery" || t == "certified_childcare") nurse = .25, night = .1, transport = .03;
    else if (t == "kindergarten") transport = .6, nurse = .08;
    else if (t == "school") nurse = .75, transport = .05;
    else if (t == "special_needs_school") transport = .9, nurse = .95, sev = .75, bathing = .05;
    else if (t == "hospital_pediatrics") nurse = 1, night = .9, sev = .4;
    else if (t == "respite_hospital") nurse = 1, night = 1, sev = .7, bathing = .5;
    else nurse = .3;
    // In kFeatures order.
    for (auto [code, p] : {std::pair{"transport", transport}, {"bathing", bathing}, {"nurse_onsite", nurse},
                           {"night_holiday", night}, {"severe_disability", sev}})
      if (r.chance(p)) s.features.emplace_back(code);
  }

  static Service service(Rng& r, Kind k, bool severe, const Slot& slot, const std::vector<std::string>& accepted) {
    Service s;
    s.service_type = slot.type;
    s.age_min = slot.lo;
    s.age_max = slot.hi;
    s.notes = slot.notes;
    capacity(r, s);
    features(r, s, severe);
    bool school = k == Kind::nursery || k == Kind::certified || k == Kind::kindergarten || k == Kind::school;
    double keep = s.service_type == "home_rehabilitation" || s.service_type == "mobility_support" ||
                          s.service_type == "other"
                      ? 0.7
                      : 0.92;
    for (const std::string& item : accepted) {
      if (!r.chance(keep)) continue;
      AcceptedCare c{item, ""};
      if (r.chance(school ? 0.4 : 0.15))
        c.conditions = school ? kSchoolConditions[r.below(std::size(kSchoolConditions))] : kConditions[r.below(std::size(kConditions))];
      s.care_items.push_back(std::move(c));
    }
    return s;
  }

  const master::MasterData& md_;
  std::uint64_t seed_;
  long long now_;
  std::size_t next_ = 0;
  master::WeightedPlaces places_;
  std::vector<Org> orgs_;
  std::vector<Organization> organizations_;
  std::map<std::pair<std::string, Family>, std::vector<std::size_t>> by_prefecture_, by_municipality_;
  std::map<std::string, std::set<std::string>> names_;
  int school_level_ = 0;  // of the school being made: 0 小学校, 1 中学校, 2 高等学校

};

FacilityGenerator::FacilityGenerator(const master::MasterData& md, const std::string& prefecture_code,
                                     std::uint64_t seed, long long now)
    : impl_(std::make_unique<Impl>(md, prefecture_code, seed, now)) {}
FacilityGenerator::~FacilityGenerator() = default;
SyntheticFacility FacilityGenerator::next() { return impl_->make(); }
const std::vector<Organization>& FacilityGenerator::organizations() const { return impl_->organizations(); }

SyntheticDirectory synthetic_directory(std::size_t n, const master::MasterData& md, const std::string& prefecture_code,
                                       std::uint64_t seed, std::optional<long long> now) {
  FacilityGenerator g(md, prefecture_code, seed, now.value_or(db::now_seconds()));
  SyntheticDirectory out;
  out.facilities.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.facilities.push_back(g.next());
  out.organizations = g.organizations();
  return out;
}

std::vector<Facility> synthetic_facilities(std::size_t n, const master::MasterData& md,
                                           const std::string& prefecture_code, std::uint64_t seed,
                                           std::optional<long long> now) {
  SyntheticDirectory d = synthetic_directory(n, md, prefecture_code, seed, now);
  std::vector<Facility> out;
  out.reserve(d.facilities.size());
  for (SyntheticFacility& s : d.facilities) out.push_back(std::move(s.facility));
  return out;
}

std::size_t seed_demo_facilities(Directory& directory, const std::string& prefecture_code, std::size_t n,
                                 std::uint64_t seed) {
  Query existing;
  existing.prefecture_code = prefecture_code;
  existing.per_page = 1;
  if (directory.search(existing).total > 0 || !directory.organizations(prefecture_code).empty()) return 0;

  auth::Principal center;
  center.login = "center";
  center.role = auth::Role::center_staff;
  center.prefecture_code = prefecture_code;
  const audit::Actor actor{std::nullopt, "center", "center_staff", "seed-demo", "localhost", prefecture_code};

  FacilityGenerator::Impl g(directory.master(), prefecture_code, seed, db::now_seconds());
  const master::Municipality* first_city = nullptr;
  for (const master::Municipality* m : directory.master().municipalities_in(prefecture_code))
    if (m->level == "city") {
      first_city = m;
      break;
    }
  std::map<std::size_t, long long> organization_ids;  // generator index → id
  std::size_t created = 0;
  for (std::size_t i = 0; i < n; ++i) {
    Shape shape;
    if (i == 0) {
      shape.kind = Kind::child_day;
      shape.municipality = first_city;
      shape.active = true;
    }
    SyntheticFacility s = g.make(shape);
    if (s.organization) {
      auto it = organization_ids.find(*s.organization);
      if (it == organization_ids.end())
        it = organization_ids.emplace(*s.organization, directory.create_organization(actor, g.organizations()[*s.organization])).first;
      s.facility.organization_id = it->second;
    }
    SaveResult r = directory.create(center, actor, s.facility);
    if (!r.ok()) {
      std::string why = r.conflict ? " conflict" : "";
      for (const auto& [field, message] : r.errors) why += " " + field + ": " + message;
      throw std::runtime_error("seed_demo_facilities: facility " + std::to_string(i) + " refused:" + why);
    }
    ++created;
  }
  return created;
}

}  // namespace tsunagu::resources
