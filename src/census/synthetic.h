// Synthetic census rounds (実数調査): the sheets one round of the yearly count brings in — a common sheet
// (共通シート) from every municipality, one from the education board and optionally one from the registry —
// filled with fictional children and the mistakes real sheets contain, together with the truth (which rows are
// the same child), so that the import and the record linkage can be measured on data that was not made to suit
// them. Nothing here reads the clock or a global random source: the same options give the same round, byte for
// byte, on every machine. Every name, address and note is made up (町名 from generic words, 番地 drawn at random).
//
// The children (reference date: 1 April of the round year, the start of the school year counted):
//   - households: 93.7% one child, 3.5% twins, 0.3% triplets, 2.5% two or three siblings (1–7 years apart)
//     who both need care; twins and triplets share family name, reading, birth date, address and
//     municipality, have different given names (half of the sets sharing the first kanji; never the same
//     kanji or reading), are of the same sex in 60% of sets and often need the same kind of care;
//   - age 0–18 on the reference date, skewed young (42% preschool, 0–5); sex 52% male; the municipality
//     weighted by population (rounded 2020 census figures for 山口県; elsewhere 16 a city, 32 a ward, 80 a special
//     ward, 3 a town, 1 a village; never a prefecture row or a designated city); address 町名 + 丁目/番/号, or 大字
//     + 番地 in towns and villages, 25% with a building and room;
//   - names: 302 family names with Zipf-like weights (佐藤 2.9%, 鈴木 2.6%, 高橋 2.4%, the top ten 21%: name
//     blocks are large) and 389 given names (200 boys', 189 girls', 22 of them for both sexes), weighted by the
//     fashion of the birth year; 27 family names and 78 given names have several readings (中島 なかじま/
//     なかしま, 翔 しょう/かける, 陽向 ひなた/ひゅうが), unisex names are read by sex (光 ひかる/ひかり) — the same
//     kanji read differently is a different child; 53 family names have 異体字 (髙橋, 山﨑, 渡邊, 齋藤/斉藤, 濵田,
//     澤田, 櫻井, 廣瀬, 中嶋, 國弘, 德永, 𠮷田, 龍田, …) that 15% of their families hold in the 戸籍, and a given
//     name with 竜/真/恵/桜/広/高 has the old form (龍, 眞, …) in 10%; distinct names with the same reading are in
//     the table on purpose (渡辺/渡部, 弘中/広中, 森田/守田, 長田/永田, 太田/大田, 城戸/木戸, 国弘/国広);
//   - affiliation by age: 0–2 在宅/児童発達支援/保育所; 3–5 also 幼稚園/認定こども園/その他; 6–17 小学校/中学校/
//     高等学校, 特別支援学校 or 訪問教育 (more often for a ventilator or tracheostomy), about 7% of 15–17 not
//     enrolled (在宅); 18 その他/在宅 (graduated); care items in combinations that occur together (ventilator with
//     tracheostomy and suction, oxygen, tube feeding, injections, catheterisation, …) with a matching diagnosis;
//   - moved within the prefecture during the year: 3.0% of households (an old municipality and address);
//   - family name changed during the year (e.g. after a divorce): 0.3% of households;
//   - homonyms: 1.5% of one-child households take the kanji family and given name of an earlier child in another
//     municipality; 40% are born the same day as it, and of those (for which a name that allows it is sought)
//     85% are read differently or are of the other sex, the rest differ only in municipality, address and care
//     items (made to differ). Common names also coincide by chance (the tables are small).
//
// The sources (coverage is the chance that a child appears; a child may appear in none):
//   - municipality: every municipality with a listed child writes one sheet (source "mun-" + its code); it
//     lists its children with a coverage drawn per municipality in 85–99%; a child who moved is listed by the
//     old municipality (70%) with the old address and by the new one (92%); 1.2% of rows are entered twice
//     (another record_id, the fields typed again with their own noise);
//   - education (source "education"): the children enrolled in school (6–17), 94% of those in 特別支援学校 or
//     訪問教育 and 82% of those in 小学校/中学校/高等学校; never a preschool child, never a graduate; a mover with
//     the old municipality and address in 30%; duplicates 0.6%;
//   - registry (source "registry", optional): 60% of the children, clean fields (katakana, ISO dates, no date
//     or sex errors, every care item), but 40% of movers still at the old address and 8% of affiliations out of
//     date; duplicates 0.3%.
//
// The noise, per row (municipality / education / registry where they differ). Every sheet has its own habits
// — kana script, separators, date format, forms of sex, municipality and care items, row order, record_id
// form — and 12% of its rows (typed by someone else) take about half of those forms from another style:
//   - name: family and given separated by a half-width (30%), full-width (50%) or no space (20%); a family or
//     given name whose 戸籍 form is a 異体字 written in it 60% / 50% / 85% of the time, else in the everyday
//     form; an everyday family name written with one of its variants 1% (斎藤 as 斉藤); a given-name kanji
//     replaced by another with the same reading (裕/祐, 悠/優, 奈/菜, 斗/人, 太/汰 …) 1% / 1% / 0.2%; a renamed
//     child under the former family name in about half the rows (always for the old municipality);
//   - kana: blank 8% / 3% / 1%; hiragana, katakana or half-width katakana (45/45/10, 35/60/5, katakana only),
//     family and given separated as for the name (independently); the family name given its other reading
//     0.5% (a guess from the kanji); small kana written large (リヨウ) in 0.5% of katakana rows;
//   - birth date: blank 2% / 0.5% / 0.2%; one wrong digit 0.6%, month and day swapped 0.3% (when the day is ≤ 12),
//     one day off 0.5% (always a real date within the ages counted); formats 2019-04-01, 2019/4/1 or
//     2019/04/01, 2019年4月1日, R1.5.1 / H31.4.30, R01.05.01, 令和元年5月1日 / 平成27年1月10日 (元年 in 80% of
//     year-one dates); digits full-width in 3% (not the registry);
//   - sex: blank 3% / 1% / 0%, wrong 0.2% (not the registry); 男/女, 男性/女性, M/F or 1/2;
//   - municipality: 6-digit code with check digit or 5-digit code, and 下関市 or 山口県下関市, or only one of
//     them, never neither; code digits full-width 2%;
//   - address: blank 3% / 45% / 2%; 本町1丁目2番3号, 本町1-2-3, 本町一丁目2-3 or full-width 本町１丁目２－３ (大字
//     written or left out); the building left out 30%; the municipality written in front 3% (municipalities);
//   - care: each item left out 6% (one kept), an extra related item 4% (not the registry), blank 2% / 1% / 0%;
//     short names, official names (which contain 、 themselves), codes or a mix, separated by 、 , ; ／ or /;
//   - affiliation: a neighbouring category 4% / 2% / 8% (特別支援学校↔訪問教育, 保育所↔認定こども園,
//     在宅↔児童発達支援 …), blank 2% / 2% / 0%; diagnosis blank 20% / 20% / 10%; notes on moves (R7.10 宇部市
//     から転入), twins (双胎第1子) and name changes now and then.
//
// The files: rows in entry order (a household together, a row entered twice later), kana order or birth-date
// order; record_ids as each source writes them ("2026-0012", "12", "35201-012", "No.12", "R8-012", "E00345",
// registry numbers). Columns shuffled in 70% of sheets; English header aliases for about half the columns in
// 15% of sheets; an unknown extra column (担当保健師) in the first municipality's sheet and 5% of the others.
// The file form for a mixed round, per municipality sheet: CSV UTF-8 with BOM 30%, without 10%, CSV CP932
// 25%, .xlsx 20%, .xlsx with two title rows above the header 15%; education .xlsx with title rows; registry
// CSV UTF-8 with BOM.
//
// Thread-safe: no shared mutable state.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "master/master_data.h"

namespace tsunagu::census {

// The common sheet's columns, in the order the importer documents them.
enum class SheetColumn : std::size_t {
  record_id,
  name,
  kana,
  birth_date,
  sex,
  municipality_code,
  municipality_name,
  address,
  care,
  affiliation,
  diagnosis,
  note,
};
inline constexpr std::size_t kSheetColumns = 12;

// 記録番号, 氏名, … and the English aliases record_id, name, ….
const char* header_ja(SheetColumn c);
const char* header_en(SheetColumn c);

struct CensusOptions {
  std::size_t children = 20000;
  std::uint64_t seed = 1;
  int round_year = 2026;  // reference date round_year-04-01; 2000..2100
  std::string prefecture_code = "35";
  bool registry = false;  // also a registry sheet
};

// A child as it really is. Names in their 戸籍 form (which may be a 異体字), readings in hiragana.
struct CensusChild {
  std::string id;  // "C0000001": the truth's child_id
  std::size_t household = 0;
  std::string family_name, given_name, family_kana, given_kana;
  std::string former_family_name;  // before a change during the year, else empty
  std::string sex;                 // "male" or "female"
  std::string birth_date;          // ISO
  int age = 0;                     // on the reference date
  std::string municipality_code;   // on the reference date
  std::string moved_from;          // the municipality before a move during the year, else empty
  std::string affiliation;         // one of the common sheet's categories
  std::vector<std::string> care_items;  // care_items.csv codes
  bool twin = false, triplet = false, sibling = false, homonym = false;

  bool school_age() const { return age >= 6 && age <= 17; }
};

enum class FileForm { csv_utf8_bom, csv_utf8, csv_cp932, xlsx, xlsx_titled };

struct SyntheticSheet {
  std::string source;             // "mun-352012", "education", "registry"
  std::string kind;               // "municipality", "education", "registry"
  std::string municipality_code;  // the municipality's, for kind "municipality"
  std::vector<std::string> header;     // as written in the file
  std::vector<int> columns;            // header[i] is column columns[i] (a SheetColumn), or -1 if unknown
  std::vector<std::vector<std::string>> rows;  // cells in header order
  std::vector<std::size_t> child;              // rows[i] is CensusRound::children[child[i]]
  FileForm form = FileForm::csv_utf8_bom;      // the sheet's file form in a mixed round
  std::vector<std::string> title_rows;         // above the header, for FileForm::xlsx_titled

  std::optional<std::size_t> index_of(SheetColumn c) const;
  // The cell of column `c` in row `row`; empty when the sheet has no such column.
  const std::string& cell(std::size_t row, SheetColumn c) const;
};

struct TruthRow {
  std::string source, record_id, child_id;
};

struct CensusRound {
  std::string reference_date;  // ISO
  std::vector<CensusChild> children;
  std::vector<SyntheticSheet> sheets;  // municipalities by code, then education, then registry

  std::vector<TruthRow> truth() const;
  std::size_t row_count() const;
};

// One round. Children are made household by household; child i depends only on (seed, the households before
// it, prefecture, round year, master data), so a larger round starts with the children of a smaller one (the
// sheets differ). Throws std::invalid_argument for a round year outside 2000..2100 or a prefecture without
// municipalities.
CensusRound synthetic_census(const master::MasterData& md, const CensusOptions& options);

// ---- Pairwise scoring of a linkage against the truth.
//
// A row is (source, record_id); a label names its cluster (a child id in the truth, a person key in a linkage).
// Pairs are unordered pairs of rows in the same cluster; precision = pairs together in both / pairs the linkage
// made, recall = pairs together in both / pairs in the truth. Only rows present in both lists are scored; rows
// in one list only are reported (they make the comparison meaningless, so callers treat them as an error).

struct LabelledRow {
  std::string source, record_id, label;
};

struct ScoredRow {
  std::string source, record_id, truth, link;
};

struct RowPair {
  ScoredRow a, b;
};

struct PairwiseScore {
  std::size_t truth_rows = 0, link_rows = 0, scored_rows = 0;
  std::vector<std::pair<std::string, std::string>> missing_from_links, missing_from_truth;  // (source, record_id)
  std::size_t duplicate_rows = 0;  // a (source, record_id) listed again in the same list; later copies ignored
  std::uint64_t truth_pairs = 0, link_pairs = 0, common_pairs = 0;
  std::vector<RowPair> false_positives, false_negatives;  // examples, up to the number asked for

  double precision() const { return link_pairs ? static_cast<double>(common_pairs) / link_pairs : 1.0; }
  double recall() const { return truth_pairs ? static_cast<double>(common_pairs) / truth_pairs : 1.0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
  bool complete() const { return missing_from_links.empty() && missing_from_truth.empty(); }
};

// `examples`: how many false-positive and false-negative pairs to keep (in the order rows first appear).
PairwiseScore score_pairwise(const std::vector<LabelledRow>& truth, const std::vector<LabelledRow>& links,
                             std::size_t examples = 0);

}  // namespace tsunagu::census
