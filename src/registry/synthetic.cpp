#include "registry/synthetic.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <stdexcept>

#include "core/random/splitmix.h"
#include "core/text/wareki.h"
#include "master/places.h"
#include "registry/derive.h"

namespace tsunagu::registry {

namespace {

// ---- Randomness: SplitMix64, so that the output is the same with every standard library (the
// std:: distributions are not specified bit for bit).

using Rng = core::SplitMix64;

// Hours to the half hour in [lo, hi].
double hours(Rng& r, double lo, double hi) { return std::round((lo + r.unit() * (hi - lo)) * 2) / 2; }

// The generator state for child i: a hash of (seed, i), so children do not depend on each other.
std::uint64_t child_seed(std::uint64_t seed, std::size_t i) {
  return Rng(seed + 0x632BE59BD9B4E019ull * (static_cast<std::uint64_t>(i) + 1)).next();
}

// ---- Dates as days since 1970-01-01 (core/text/wareki.h).



long long days_from_civil(int y, int m, int d) { return text::days_from_civil({y, m, d}); }
std::string iso_from_days(long long z) { return text::format_iso(text::civil_from_days(z)); }

long long days_from_iso(const std::string& iso) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (iso.size() != 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 ||
      d < 1 || d > 31 || iso_from_days(days_from_civil(y, m, d)) != iso)
    throw std::invalid_argument("synthetic_children: today must be an ISO date, got '" + iso + "'");
  return days_from_civil(y, m, d);
}

// ---- Name tables. Kana in full-width katakana as stored. A family name may have 異体字 forms that some
// families use in their 戸籍 (the variants are rarer than the everyday form).

struct FamilyName {
  const char* kanji;
  const char* kana;
  const char* variants[2] = {nullptr, nullptr};
};

const FamilyName kFamilyNames[] = {
    {"佐藤", "サトウ", {}},       {"鈴木", "スズキ", {}},         {"高橋", "タカハシ", {"髙橋"}},
    {"田中", "タナカ", {}},       {"伊藤", "イトウ", {}},         {"渡辺", "ワタナベ", {"渡邊", "渡邉"}},
    {"山本", "ヤマモト", {}},     {"中村", "ナカムラ", {}},       {"小林", "コバヤシ", {}},
    {"加藤", "カトウ", {}},       {"吉田", "ヨシダ", {"𠮷田"}},   {"山田", "ヤマダ", {}},
    {"佐々木", "ササキ", {}},     {"山口", "ヤマグチ", {}},       {"松本", "マツモト", {}},
    {"井上", "イノウエ", {}},     {"木村", "キムラ", {}},         {"林", "ハヤシ", {}},
    {"斎藤", "サイトウ", {"齋藤", "齊藤"}},                        {"清水", "シミズ", {}},
    {"山崎", "ヤマザキ", {"山﨑", "山嵜"}},                        {"森", "モリ", {}},
    {"池田", "イケダ", {}},       {"橋本", "ハシモト", {}},       {"阿部", "アベ", {}},
    {"石川", "イシカワ", {}},     {"山下", "ヤマシタ", {}},       {"中島", "ナカシマ", {"中嶋"}},
    {"藤井", "フジイ", {}},       {"岡田", "オカダ", {}},         {"前田", "マエダ", {}},
    {"藤田", "フジタ", {}},       {"原田", "ハラダ", {}},         {"村上", "ムラカミ", {}},
    {"河野", "カワノ", {}},       {"西村", "ニシムラ", {}},       {"松田", "マツダ", {}},
    {"岡本", "オカモト", {}},     {"藤本", "フジモト", {}},       {"河村", "カワムラ", {}},
};

struct GivenName {
  const char* kanji;
  const char* kana;
};

const GivenName kBoys[] = {
    {"蓮", "レン"},     {"陽翔", "ハルト"}, {"湊", "ミナト"},   {"蒼", "アオイ"},   {"樹", "イツキ"},
    {"大翔", "ヒロト"}, {"悠真", "ユウマ"}, {"颯太", "ソウタ"}, {"陽向", "ヒナタ"}, {"律", "リツ"},
    {"朝陽", "アサヒ"}, {"碧", "アオ"},     {"悠人", "ユウト"}, {"翔太", "ショウタ"}, {"大和", "ヤマト"},
    {"陸", "リク"},     {"拓海", "タクミ"}, {"健太", "ケンタ"}, {"颯", "ハヤテ"},   {"結翔", "ユイト"},
};

const GivenName kGirls[] = {
    {"陽葵", "ヒマリ"}, {"凛", "リン"},     {"芽依", "メイ"},   {"葵", "アオイ"},   {"結菜", "ユイナ"},
    {"紬", "ツムギ"},   {"澪", "ミオ"},     {"結愛", "ユア"},   {"咲良", "サクラ"}, {"美咲", "ミサキ"},
    {"さくら", "サクラ"}, {"陽菜", "ヒナ"}, {"莉子", "リコ"},   {"花", "ハナ"},     {"心春", "コハル"},
    {"杏", "アン"},     {"美桜", "ミオ"},   {"彩花", "アヤカ"}, {"琴音", "コトネ"}, {"優奈", "ユウナ"},
};

const GivenName kMothers[] = {
    {"由美", "ユミ"},   {"恵", "メグミ"},   {"直美", "ナオミ"}, {"麻衣", "マイ"},   {"智子", "トモコ"},
    {"裕子", "ユウコ"}, {"美穂", "ミホ"},   {"愛", "アイ"},     {"彩", "アヤ"},     {"千尋", "チヒロ"},
    {"香織", "カオリ"}, {"沙織", "サオリ"}, {"明美", "アケミ"}, {"真由美", "マユミ"}, {"友美", "トモミ"},
};

const GivenName kFathers[] = {
    {"大輔", "ダイスケ"}, {"健一", "ケンイチ"}, {"拓也", "タクヤ"}, {"翔", "ショウ"},   {"誠", "マコト"},
    {"直樹", "ナオキ"},   {"達也", "タツヤ"},   {"和也", "カズヤ"}, {"亮", "リョウ"},   {"剛", "ツヨシ"},
    {"浩二", "コウジ"},   {"洋平", "ヨウヘイ"}, {"隆", "タカシ"},   {"修", "オサム"},   {"聡", "サトシ"},
};

const GivenName kGrandmothers[] = {
    {"和子", "カズコ"}, {"幸子", "サチコ"}, {"洋子", "ヨウコ"}, {"節子", "セツコ"}, {"久美子", "クミコ"},
};

// ---- Places, services and notes: generic names that stand for no particular institution.

const char* const kTownParts[] = {"本町", "中央町", "栄町", "旭町",   "緑町",   "幸町",   "東町",   "西町",
                                  "南町", "北町",   "昭和町", "大手町", "新町", "錦町", "桜町", "若葉町"};
const char* const kSoftWords[] = {"ひまわり", "さくら", "たんぽぽ", "あおば", "つばさ", "こもれび",
                                  "ひだまり", "はるかぜ", "そよかぜ", "みらい", "にじいろ", "すみれ"};
const char* const kSchoolWords[] = {"中央", "東", "西", "南", "北", "第一", "第二", "第三"};
const char* const kHospitals[] = {"立総合医療センター 小児科",  // after 県, 都, 道 or 府
                                  "大学医学部附属病院 小児科", "こども医療福祉センター", "市立病院 小児科",
                                  "医療センター 小児科・新生児科", "赤十字病院 小児科"};

const char* const kNotesPowered[] = {"停電時の電源確保（外部バッテリー・発電機）を個別避難計画で確認済み。",
                                     "停電時は電力会社の優先復旧の対象として登録済み。",
                                     "災害時の避難先（福祉避難所）を家族と確認中。"};
const char* const kNotesOther[] = {"訪問看護を週3回利用。", "短期入所（レスパイト）を月1回利用。",
                                   "きょうだい児の支援について相談あり。", "就学先について家族と相談中。"};

// ---- Care plans.

struct Plan {
  std::vector<ChildCareItem> items;
  std::vector<Diagnosis> diagnoses;
  std::vector<Device> devices;
  bool severe = false;  // ventilator or tracheostomy: more often at home or in home-visit education

  bool has(const std::string& code) const {
    return std::any_of(items.begin(), items.end(), [&](const ChildCareItem& i) { return i.code == code; });
  }
};

struct Dx {
  const char* name;
  const char* icd10;
};

enum class Consented { random, active, none, withdrawn };

// What the demo fixes about a child; everything else is drawn.
struct Shape {
  const master::Municipality* municipality = nullptr;
  bool active = false;
  Consented sharing = Consented::random;
  Consented care_team = Consented::none;
};

class Generator {
 public:
  Generator(const master::MasterData& md, const std::string& prefecture_code, std::uint64_t seed,
            const std::string& today)
      : md_(md), seed_(seed), today_(today), today_days_(days_from_iso(today)),
        places_(md, prefecture_code, "synthetic_children") {
    for (const master::Prefecture& p : md.prefectures())
      for (const master::Municipality* m : md.municipalities_in(p.code))
        if (master::WeightedPlaces::weight(*m) > 0) everywhere_.push_back(m);
  }

  SyntheticChild make(std::size_t i, const Shape& shape = {}) {
    Rng r(child_seed(seed_, i));
    SyntheticChild out;
    Child& c = out.child;
    const master::Municipality& m = shape.municipality ? *shape.municipality : place(r);
    c.prefecture_code = m.prefecture_code;
    c.municipality_code = m.code;
    c.address = address(r, m);

    static constexpr std::string_view kSex[] = {"male", "female", "unknown"};
    c.sex = kSex[r.weighted({530, 468, 2})];
    name(r, c);
    int age = static_cast<int>(r.weighted({7, 9, 9, 8, 7, 7, 6, 6, 5, 5, 5, 4, 4, 4, 4, 3, 3, 3, 2, 2}));
    long long birth = birth_days(r, age);
    c.birth_date = iso_from_days(birth);

    Plan plan = care_plan(r, age);
    c.care_items = plan.items;
    c.diagnoses = plan.diagnoses;
    c.devices = plan.devices;
    life_stage(r, c, m, plan);
    c.hospital = r.pick(kHospitals);
    if (c.hospital.starts_with("立")) c.hospital = prefectural(m) + c.hospital;
    c.primary_doctor = std::string(r.pick(kFamilyNames).kanji) + " 医師";
    if (plan.severe || r.chance(0.35)) c.visiting_nurse = std::string("訪問看護ステーション ") + r.pick(kSoftWords);
    guardians(r, c);

    static constexpr std::string_view kSource[] = {"registration_form", "municipal_report", "hospital", "census"};
    c.source = kSource[r.weighted({50, 25, 15, 10})];
    status(r, c, age, birth, shape.active);
    bool powered = electricity_dependent(c.devices);
    if (powered && r.chance(0.4)) c.notes = r.pick(kNotesPowered);
    else if (r.chance(0.15)) c.notes = r.pick(kNotesOther);

    out.consents = consents(r, c, birth, powered, shape);
    return out;
  }

  const master::Municipality* municipality(const std::string& code) const { return md_.municipality(code); }

 private:
  const master::Municipality& place(Rng& r) const { return places_.draw(r); }

  std::string address(Rng& r, const master::Municipality& m) const {
    const master::Prefecture* p = md_.prefecture(m.prefecture_code);
    std::string nums = std::to_string(r.between(1, 5)) + "丁目" + std::to_string(r.between(1, 30)) + "－" +
                       std::to_string(r.between(1, 25));
    return (p ? p->name : "") + m.name + r.pick(kTownParts) + full_width_digits(nums);
  }

  static std::string full_width_digits(const std::string& s) {
    std::string out;
    for (char ch : s) {
      if (ch >= '0' && ch <= '9') {
        char32_t cp = U'\uFF10' + static_cast<char32_t>(ch - '0');  // ０..９: three UTF-8 bytes
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += ch;
      }
    }
    return out;
  }

  void name(Rng& r, Child& c) {
    const FamilyName& f = r.pick(kFamilyNames);
    c.family_name = f.kanji;
    std::size_t variants = f.variants[0] ? (f.variants[1] ? 2 : 1) : 0;
    if (variants > 0 && r.chance(0.2)) c.family_name = f.variants[r.below(variants)];
    c.family_name_kana = f.kana;
    bool boy = c.sex == "male" || (c.sex == "unknown" && r.chance(0.5));
    const GivenName& g = boy ? r.pick(kBoys) : r.pick(kGirls);
    c.given_name = g.kanji;
    c.given_name_kana = g.kana;
  }

  // A birth date giving `age` full years today; a baby is at least two weeks old (home from hospital).
  long long birth_days(Rng& r, int age) const {
    long long lo = static_cast<long long>(age * 365.25) + (age == 0 ? 14 : 0);
    long long hi = static_cast<long long>((age + 1) * 365.25) - 1;
    long long birth = today_days_ - r.between(lo, hi);
    // The year lengths above are approximate: step to a day that really gives `age`.
    for (int guard = 0; guard < 4; ++guard) {
      auto a = age_on(iso_from_days(birth), today_);
      if (!a || *a == age) break;
      birth += *a > age ? 1 : -1;
    }
    return birth;
  }

  std::string watch_level(Rng& r, const std::string& code) const {
    for (const master::CareItem& m : md_.care_items())
      if (m.code == code && m.watch_score_high.value_or(0) == 0) return "low";  // no watch points to give
    if (code == "ventilator") {
      static constexpr const char* kLevels[] = {"high", "mid", "low"};
      return kLevels[r.weighted({45, 35, 20})];
    }
    return r.chance(0.3) ? "high" : "low";
  }

  static void add_device(Plan& p, const char* kind, const char* name, std::optional<double> battery, bool power) {
    p.devices.push_back({kind, name, battery, power});
  }

  void add(Rng& r, Plan& p, const std::string& code) const {
    if (!p.has(code)) p.items.push_back({code, watch_level(r, code)});
  }

  void add_dx(Plan& p, const Dx& d) const {
    for (const Diagnosis& x : p.diagnoses)
      if (x.name == d.name) return;
    p.diagnoses.push_back({d.name, d.icd10});
  }

  // Optional items that go with the main care need, and their devices.
  void tube_feeding(Rng& r, Plan& p, double pump) const {
    add(r, p, "tube_feeding_route");
    if (r.chance(pump)) {
      add(r, p, "tube_feeding_pump");
      add_device(p, "feeding_pump", "経腸栄養ポンプ", hours(r, 8, 24), true);
    }
  }
  void suction(Rng& r, Plan& p) const {
    add(r, p, "suction");
    add_device(p, "suction_unit", r.chance(0.7) ? "携帯型吸引器（充電式）" : "据置型吸引器",
               hours(r, 0.5, 1.5), true);
  }
  void oxygen(Rng& r, Plan& p) const {
    add(r, p, "oxygen_therapy");
    if (r.chance(0.8)) {
      add_device(p, "oxygen_concentrator", "在宅酸素濃縮装置", std::nullopt, true);
      if (r.chance(0.5)) add_device(p, "other", "携帯用酸素ボンベ（外出・停電時用）", std::nullopt, false);
    } else {
      add_device(p, "other", "液化酸素（親容器・子容器）", std::nullopt, false);
    }
  }
  void nebulizer(Rng& r, Plan& p) const {
    add(r, p, "nebulizer");
    add_device(p, "nebulizer", "ネブライザー", std::nullopt, true);
  }
  void pulse_oximeter(Rng& r, Plan& p, double chance) const {
    if (r.chance(chance)) add_device(p, "pulse_oximeter", "パルスオキシメーター", hours(r, 12, 48), true);
  }
  void seizures(Rng& r, Plan& p) const {
    add(r, p, "seizure_management");
    static constexpr Dx kEpilepsy[] = {{"症候性てんかん", "G40.2"}, {"ウエスト症候群", "G40.4"},
                                       {"難治性てんかん", "G40.9"}};
    add_dx(p, r.pick(kEpilepsy));
  }

  Plan care_plan(Rng& r, int age) const {
    Plan p;
    std::size_t kind = r.weighted({140, 50, 100, 170, 290, 80, 70, 40, 10, 50});
    if (kind == 5 && age < 2) kind = 4;  // insulin and hormone injections: school-age and toddlers mostly
    switch (kind) {
      case 0: {  // TPPV: ventilator through a tracheostomy
        static constexpr Dx kDx[] = {{"脊髄性筋萎縮症Ⅰ型", "G12.0"}, {"低酸素性虚血性脳症", "P91.6"},
                                     {"先天性ミオパチー", "G71.2"},   {"18トリソミー", "Q91.3"},
                                     {"脳性麻痺", "G80.9"},           {"福山型先天性筋ジストロフィー", "G71.0"},
                                     {"先天性中枢性低換気症候群", "G47.3"}, {"リー脳症", "G31.8"}};
        p.severe = true;
        add(r, p, "ventilator");
        add(r, p, "tracheostomy");
        add_dx(p, r.pick(kDx));
        if (r.chance(0.6)) add_dx(p, {"慢性呼吸不全", "J96.1"});
        add_device(p, "ventilator", "在宅人工呼吸器（TPPV・内部／外部バッテリー）", hours(r, 4, 12), true);
        suction(r, p);
        if (r.chance(0.5)) add_device(p, "humidifier", "加温加湿器", std::nullopt, true);
        if (r.chance(0.3)) add_device(p, "cough_assist", "排痰補助装置", std::nullopt, true);
        if (r.chance(0.8)) tube_feeding(r, p, 0.3);
        if (r.chance(0.35)) oxygen(r, p);
        if (r.chance(0.3)) nebulizer(r, p);
        if (r.chance(0.4)) seizures(r, p);
        pulse_oximeter(r, p, 0.9);
        break;
      }
      case 1: {  // NPPV: a ventilator with a mask, no tracheostomy
        static constexpr Dx kDx[] = {{"脊髄性筋萎縮症Ⅱ型", "G12.1"}, {"デュシェンヌ型筋ジストロフィー", "G71.0"},
                                     {"先天性ミオパチー", "G71.2"},   {"重症閉塞性睡眠時無呼吸", "G47.3"},
                                     {"新生児慢性肺疾患", "P27.1"}};
        add(r, p, "ventilator");
        add_dx(p, r.pick(kDx));
        add_device(p, "ventilator", "NPPV用人工呼吸器（マスク式）", hours(r, 2, 8), true);
        if (r.chance(0.5)) add_device(p, "cough_assist", "排痰補助装置", std::nullopt, true);
        if (r.chance(0.7)) suction(r, p);
        if (r.chance(0.25)) oxygen(r, p);
        if (r.chance(0.4)) tube_feeding(r, p, 0.2);
        pulse_oximeter(r, p, 0.8);
        break;
      }
      case 2: {  // tracheostomy without a ventilator
        static constexpr Dx kDx[] = {{"声門下狭窄症", "J38.6"},   {"喉頭軟化症", "Q31.5"},
                                     {"両側声帯麻痺", "J38.0"},   {"脳性麻痺", "G80.9"},
                                     {"ピエール・ロバン症候群", "Q87.0"}, {"先天性気管狭窄症", "Q32.1"}};
        p.severe = true;
        add(r, p, "tracheostomy");
        add_dx(p, r.pick(kDx));
        suction(r, p);
        if (r.chance(0.3)) oxygen(r, p);
        if (r.chance(0.55)) tube_feeding(r, p, 0.2);
        if (r.chance(0.3)) nebulizer(r, p);
        if (r.chance(0.3)) add_device(p, "humidifier", "加温加湿器", std::nullopt, true);
        pulse_oximeter(r, p, 0.6);
        break;
      }
      case 3: {  // home oxygen
        static constexpr Dx kDx[] = {{"新生児慢性肺疾患", "P27.1"}, {"肺高血圧症", "I27.2"},
                                     {"心室中隔欠損症", "Q21.0"},   {"単心室症", "Q20.4"},
                                     {"ダウン症候群", "Q90.9"},     {"左心低形成症候群", "Q23.4"}};
        add_dx(p, r.pick(kDx));
        if (r.chance(0.3)) add_dx(p, {"超低出生体重児", "P07.0"});
        oxygen(r, p);
        if (r.chance(0.25)) suction(r, p);
        if (r.chance(0.25)) tube_feeding(r, p, 0.15);
        if (r.chance(0.15)) nebulizer(r, p);
        pulse_oximeter(r, p, 0.6);
        break;
      }
      case 4: {  // tube feeding as the main care
        static constexpr Dx kDx[] = {{"脳性麻痺", "G80.9"},     {"先天性食道閉鎖症", "Q39.1"},
                                     {"ダウン症候群", "Q90.9"}, {"摂食嚥下障害", "R13"},
                                     {"13トリソミー", "Q91.7"}, {"染色体異常", "Q99.9"},
                                     {"超低出生体重児", "P07.0"}};
        add_dx(p, r.pick(kDx));
        tube_feeding(r, p, 0.2);
        if (r.chance(0.3)) suction(r, p);
        if (r.chance(0.3)) seizures(r, p);
        if (r.chance(0.1)) nebulizer(r, p);
        if (r.chance(0.1)) add(r, p, "enema");
        if (r.chance(0.04)) add(r, p, "gi_stoma");
        pulse_oximeter(r, p, 0.15);
        break;
      }
      case 5: {  // injections: insulin (type 1 diabetes) or hormone replacement
        if (r.chance(0.8)) {
          add_dx(p, {"1型糖尿病", "E10.9"});
          add(r, p, "subcutaneous_injection");
          add(r, p, "blood_glucose");
          if (r.chance(0.3)) {
            add(r, p, "subcutaneous_pump");
            add_device(p, "infusion_pump", "インスリンポンプ（乾電池式）", std::nullopt, false);
          }
          if (r.chance(0.6)) add_device(p, "other", "持続血糖測定器（CGM）", std::nullopt, false);
        } else {
          add_dx(p, {"下垂体機能低下症", "E23.0"});
          add(r, p, "subcutaneous_injection");
          if (r.chance(0.5)) add(r, p, "blood_glucose");
        }
        break;
      }
      case 6: {  // urinary and bowel care
        static constexpr Dx kDx[] = {{"二分脊椎（脊髄髄膜瘤）", "Q05.9"}, {"鎖肛", "Q42.3"},
                                     {"総排泄腔遺残", "Q43.7"}};
        add_dx(p, r.pick(kDx));
        add_dx(p, {"神経因性膀胱", "N31.9"});
        add(r, p, r.chance(0.85) ? "intermittent_catheterization" : "continuous_urinary_drainage");
        if (r.chance(0.4)) add(r, p, "manual_evacuation_irrigation");
        if (r.chance(0.3)) add(r, p, "enema");
        if (r.chance(0.1)) add(r, p, "gi_stoma");
        break;
      }
      case 7: {  // central venous catheter: intestinal failure or pulmonary hypertension
        if (r.chance(0.7)) {
          static constexpr Dx kDx[] = {{"短腸症候群", "K91.2"}, {"ヒルシュスプルング病類縁疾患", "Q43.1"},
                                       {"慢性偽性腸閉塞症", "K59.8"}};
          add_dx(p, r.pick(kDx));
          add(r, p, "central_venous_catheter");
          add_device(p, "infusion_pump", "輸液ポンプ（在宅中心静脈栄養）", hours(r, 12, 48), true);
          if (r.chance(0.5)) tube_feeding(r, p, 0.4);
          if (r.chance(0.5)) add(r, p, "gi_stoma");
        } else {
          add_dx(p, {"肺動脈性肺高血圧症", "I27.0"});
          add(r, p, "central_venous_catheter");
          add_device(p, "infusion_pump", "携帯型精密輸液ポンプ", hours(r, 24, 72), true);
          if (r.chance(0.6)) oxygen(r, p);
          pulse_oximeter(r, p, 0.7);
        }
        break;
      }
      case 8: {  // peritoneal dialysis
        static constexpr Dx kDx[] = {{"先天性腎低形成", "Q60.5"}, {"慢性腎臓病（ステージ5）", "N18.5"},
                                     {"ネフロン癆", "Q61.5"}};
        add_dx(p, r.pick(kDx));
        add(r, p, "dialysis");
        add_device(p, "other", "自動腹膜透析装置（APD）", std::nullopt, true);
        if (r.chance(0.4)) tube_feeding(r, p, 0.3);
        break;
      }
      default: {  // upper airway: nasopharyngeal airway
        static constexpr Dx kDx[] = {{"ピエール・ロバン症候群", "Q87.0"}, {"脳性麻痺", "G80.9"},
                                     {"上気道閉塞（舌根沈下）", "J98.8"}};
        add_dx(p, r.pick(kDx));
        add(r, p, "nasopharyngeal_airway");
        suction(r, p);
        if (r.chance(0.5)) seizures(r, p);
        if (r.chance(0.5)) tube_feeding(r, p, 0.2);
        if (r.chance(0.2)) oxygen(r, p);
        pulse_oximeter(r, p, 0.5);
        break;
      }
    }
    return p;
  }

  // 県, 都, 道 or 府: the last character of the prefecture's name, for 県立 and its kin.
  std::string prefectural(const master::Municipality& m) const {
    const master::Prefecture* p = md_.prefecture(m.prefecture_code);
    if (!p || p->name.size() < 3) return "県";
    return p->name.substr(p->name.size() - 3);  // one CJK character: three bytes of UTF-8
  }

  // The school-owning municipality's name: a designated city's ward uses its city.
  std::string school_owner(const master::Municipality& m) const {
    if (m.level == "ward")
      if (const master::Municipality* city = md_.municipality(m.parent_code)) return city->name;
    return m.name;
  }

  void life_stage(Rng& r, Child& c, const master::Municipality& m, const Plan& plan) const {
    auto grade = school_grade(c.birth_date, today_);
    std::string stage = grade ? grade->stage : "preschool";
    int year = grade ? grade->year : 0;
    int visit = plan.severe ? 40 : 15;  // home-visit education
    std::string owner = school_owner(m), pref = prefectural(m);
    std::string school = std::string(r.pick(kSchoolWords));
    if (stage == "preschool" && year <= 2) {
      static constexpr const char* kStages[] = {"home", "child_development_support", "nursery"};
      c.life_stage = kStages[r.weighted({55, 25, 20})];
    } else if (stage == "preschool") {
      static constexpr const char* kStages[] = {"home", "nursery", "kindergarten", "certified_childcare",
                                                "child_development_support"};
      c.life_stage = kStages[r.weighted({15, 25, 15, 15, 30})];
    } else if (stage == "elementary") {
      static constexpr const char* kStages[] = {"elementary", "special_needs_school", "home_visit_education"};
      c.life_stage = kStages[r.weighted({35, 45, visit})];
    } else if (stage == "junior_high") {
      static constexpr const char* kStages[] = {"junior_high", "special_needs_school", "home_visit_education"};
      c.life_stage = kStages[r.weighted({25, 55, visit})];
    } else if (stage == "high_school") {
      static constexpr const char* kStages[] = {"high_school", "special_needs_school", "home_visit_education"};
      c.life_stage = kStages[r.weighted({15, 65, visit})];
    } else {
      c.life_stage = "graduated";
    }
    const std::string soft = r.pick(kSoftWords);
    const char* division = stage == "elementary" ? "小学部" : stage == "junior_high" ? "中学部" : "高等部";
    if (c.life_stage == "nursery") c.affiliation = soft + "保育園";
    else if (c.life_stage == "kindergarten") c.affiliation = soft + "幼稚園";
    else if (c.life_stage == "certified_childcare") c.affiliation = "認定こども園 " + soft;
    else if (c.life_stage == "child_development_support") c.affiliation = "児童発達支援事業所 " + soft;
    else if (c.life_stage == "elementary") c.affiliation = owner + "立" + school + "小学校（特別支援学級）";
    else if (c.life_stage == "junior_high") c.affiliation = owner + "立" + school + "中学校（特別支援学級）";
    else if (c.life_stage == "high_school") c.affiliation = pref + "立高等学校";
    else if (c.life_stage == "special_needs_school") c.affiliation = pref + "立特別支援学校 " + division;
    else if (c.life_stage == "home_visit_education")
      c.affiliation = pref + "立特別支援学校 " + division + "（訪問教育）";
    else if (c.life_stage == "graduated" && r.chance(0.5)) c.affiliation = "生活介護事業所 " + soft;
  }

  // 0X0-0000-XXXX: a 0000 middle block, the pattern these records use so that no number looks real.
  static std::string phone(Rng& r) {
    static constexpr const char* kPrefixes[] = {"090", "080", "070"};
    char buf[24];
    std::snprintf(buf, sizeof buf, "%s-0000-%04d", kPrefixes[r.weighted({5, 4, 1})], static_cast<int>(r.below(10000)));
    return buf;
  }

  static Guardian guardian(Rng& r, const std::string& family, const std::string& family_kana, const GivenName& g,
                           const char* relationship, double email) {
    Guardian out{family + "\u3000" + g.kanji, family_kana + "\u3000" + g.kana, relationship, phone(r), ""};
    if (r.chance(email)) out.email = "hogosha" + std::to_string(r.between(1000, 99999)) + "@example.jp";
    return out;
  }

  void guardians(Rng& r, Child& c) const {
    // The guardians' family name: usually the child's (as written); sometimes another (a different
    // surname after a divorce or a grandparent on the mother's side).
    auto other_family = [&](const FamilyName*& f) {
      f = &r.pick(kFamilyNames);
      return std::string(f->kanji);
    };
    bool mother = r.chance(0.92), father = r.chance(0.6);
    if (mother) {
      std::string family = c.family_name, kana = c.family_name_kana;
      if (r.chance(0.05)) {
        const FamilyName* f = nullptr;
        family = other_family(f);
        kana = f->kana;
      }
      c.guardians.push_back(guardian(r, family, kana, r.pick(kMothers), "母", 0.35));
    }
    if (father || !mother) c.guardians.push_back(guardian(r, c.family_name, c.family_name_kana, r.pick(kFathers), "父", 0.15));
    if (r.chance(0.06)) {
      const FamilyName* f = nullptr;
      std::string family = r.chance(0.5) ? c.family_name : other_family(f);
      std::string kana = f ? f->kana : c.family_name_kana;
      c.guardians.push_back(guardian(r, family, kana, r.pick(kGrandmothers), "祖母", 0.0));
    }
  }

  void status(Rng& r, Child& c, int age, long long birth, bool force_active) const {
    c.status = "active";
    if (force_active) return;
    std::size_t s = r.weighted({955, 33, 12});
    if (age >= 18 && r.chance(0.45)) s = 3;
    long long since = std::max(birth + 1, today_days_ - 730);
    if (s == 0) return;
    c.status_date = iso_from_days(r.between(since, today_days_));
    if (s == 1) {
      c.status = "moved_out";
      const master::Municipality* to = everywhere_[r.below(everywhere_.size())];
      const master::Prefecture* p = md_.prefecture(to->prefecture_code);
      c.moved_to = (p ? p->name : "") + to->name;
    } else if (s == 2) {
      c.status = "deceased";
    } else {
      c.status = "adult_services";
    }
  }

  std::vector<Consent> consents(Rng& r, const Child& c, long long birth, bool powered, const Shape& shape) const {
    std::vector<Consent> out;
    bool fixed = shape.sharing != Consented::random || shape.care_team != Consented::none;
    if (!fixed && !r.chance(0.95)) return out;  // known from a report or a census, not registered by the family
    long long first = std::min(today_days_, std::max(birth + 14, today_days_ - 2400));
    long long registered = r.between(first, today_days_);
    const char* method = c.source == "registration_form" && r.chance(0.6) ? "web_form" : "paper";
    auto consent = [&](const char* scope, long long on, bool withdrawn) {
      Consent k;
      k.scope = scope;
      k.given_on = iso_from_days(on);
      k.method = method;
      if (withdrawn) k.withdrawn_on = iso_from_days(r.between(std::min(on + 30, today_days_), today_days_));
      out.push_back(k);
    };
    // Later consents: most on the registration day, some on a later visit.
    auto later = [&]() { return r.chance(0.8) ? registered : r.between(registered, today_days_); };
    consent("registration", registered, false);

    Consented sharing = shape.sharing;
    if (sharing == Consented::random) {
      double x = r.unit();  // ≈ 70% of all children in force: 0.95 × 0.74
      sharing = x < 0.74 ? Consented::active : x < 0.79 ? Consented::withdrawn : Consented::none;
    }
    if (sharing != Consented::none) consent("municipality_sharing", later(), sharing == Consented::withdrawn);
    if (r.chance(powered ? 0.6 : 0.15)) consent("disaster_planning", later(), r.chance(0.03));
    if (shape.care_team != Consented::none) consent("care_team_sharing", later(), shape.care_team == Consented::withdrawn);
    std::stable_sort(out.begin(), out.end(), [](const Consent& a, const Consent& b) { return a.given_on < b.given_on; });
    return out;
  }

  const master::MasterData& md_;
  std::uint64_t seed_;
  std::string today_;
  long long today_days_;
  master::WeightedPlaces places_;
  std::vector<const master::Municipality*> everywhere_;
};

}  // namespace

std::vector<SyntheticChild> synthetic_children(std::size_t n, const master::MasterData& md,
                                               const std::string& prefecture_code, std::uint64_t seed,
                                               const std::string& today) {
  Generator g(md, prefecture_code, seed, today);
  std::vector<SyntheticChild> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(g.make(i));
  return out;
}

std::size_t seed_demo_children(Registry& registry, auth::Users& users, std::size_t n, std::uint64_t seed) {
  const std::string pref = "35";
  auto center = users.find("center");
  if (!center || center->disabled) return 0;
  auto principal = users.principal(center->id);
  if (!principal || principal->prefecture_code != pref) return 0;
  const std::string today = today_in_japan();
  ListFilter any;
  any.per_page = 1;
  if (registry.store().list(*principal, any, today).total > 0) return 0;
  std::optional<long long> coordinator;
  if (auto k = users.find("coordinator"); k && !k->disabled && k->role == "coordinator" && k->prefecture_code == pref)
    coordinator = k->id;

  Generator g(registry.master(), pref, seed, today);
  const master::Municipality* shimonoseki = g.municipality("352012");
  const master::Municipality* yamaguchi = g.municipality("352039");
  audit::Actor actor{center->id, center->login, center->role, "seed-demo", "localhost", pref};
  std::size_t created = 0;
  for (std::size_t i = 0; i < n; ++i) {
    Shape shape;
    std::optional<long long> assigned;
    if (i < 12) {
      // The demo municipal users' children: four with sharing in force, one without, one withdrawn.
      static constexpr Consented kSharing[] = {Consented::active, Consented::active, Consented::active,
                                               Consented::active, Consented::none,   Consented::withdrawn};
      shape.municipality = i < 6 ? shimonoseki : yamaguchi;
      shape.sharing = kSharing[i % 6];
      shape.active = true;
    } else if (coordinator && i >= 12 && (i - 12) % 9 == 0 && (i - 12) / 9 <= 10) {
      // Ten with the care-team consent in force, the eleventh withdrawn.
      shape.care_team = (i - 12) / 9 < 10 ? Consented::active : Consented::withdrawn;
      shape.active = true;
      assigned = coordinator;
    }
    SyntheticChild s = g.make(i, shape);
    s.child.coordinator_user_id = assigned;
    std::vector<Consent> given = s.consents;
    for (Consent& k : given) k.withdrawn_on.clear();
    SaveResult r = registry.create(*principal, actor, s.child, given, "デモデータ（架空の児童）");
    if (!r.ok()) {
      std::string why;
      for (const auto& [field, message] : r.errors) why += " " + field + ": " + message;
      throw std::runtime_error("seed_demo_children: record " + std::to_string(i) + " refused:" + why);
    }
    ++created;
    bool withdrawals = std::any_of(s.consents.begin(), s.consents.end(), [](const Consent& k) { return !k.active(); });
    if (!withdrawals) continue;
    auto saved = registry.store().get(r.id);
    if (!saved) continue;
    for (const Consent& k : s.consents) {
      if (k.active()) continue;
      for (const Consent& stored : saved->consents)
        if (stored.scope == k.scope && stored.given_on == k.given_on && stored.active()) {
          registry.withdraw_consent(actor, r.id, stored.id, k.withdrawn_on);
          break;
        }
    }
  }
  return created;
}

}  // namespace tsunagu::registry
