// FHIR R4 (4.0.1) export of registry records: the per-child download (a collection Bundle) and the bulk
// export (NDJSON, one resource a line). Every resource is valid R4; tests/unit/fhir_test.cpp runs the output
// through tests/fhir/validate.mjs (FHIR.js, Medplum's StructureDefinition validator and the official JSON
// Schema).
//
// One child gives:
//   Patient    "child-{id}"                    JP Core style: two HumanNames, kanji (iso21090-EN-representation
//                                              "IDE") and kana ("SYL"), family/given split and text "姓 名";
//                                              identifier {system, child id}; gender; birthDate; home address
//                                              with the municipality code (全国地方公共団体コード) in an
//                                              extension; guardians as contact (relationship as text, phone,
//                                              email); active = status is active; deceasedBoolean when deceased.
//                                              A contact has one name only (Patient.contact.name is 0..1): the
//                                              guardian's kanji name, or the kana one when no kanji is recorded.
//   Condition  "child-{id}-condition-{n}"      a diagnosis: code.text = name, ICD-10 coding when recorded.
//   Device     "child-{id}-device-{n}"         type = device kind (local code system + Japanese text), the
//                                              maker/model as deviceName, battery hours and needs-power as
//                                              Device.property; status active (inactive once deceased).
//   Consent    "child-{id}-consent-{consent id}"  scope patient-privacy; category = LOINC 59284-0 plus the
//                                              local consent scope code; policyRule OPTIN; provision permit with
//                                              period given_on .. withdrawn_on; status active, or inactive once
//                                              withdrawn.
//   CarePlan   "child-{id}-careplan"           the care items (医療的ケア), one activity.detail each: code from
//                                              the local care-item code system, text = the Japanese name from the
//                                              master data, status in-progress; the watch level (見守り) as an
//                                              extension. Absent when the child has no care items. For a
//                                              child no longer active (moved out, adult services, deceased)
//                                              the plan is completed and its activities stopped.
//
// CarePlan rather than Procedure: the care items are standing, daily care to be given at home (the
// 医療的ケア判定スコア table), not acts performed at a time. Procedure records an event (performed[x], a
// performer, an outcome); CarePlan.activity.detail describes ongoing planned care, with status in-progress,
// and keeps all items of a child in one resource. The validators accept it as it is.
//
// Codes of our own use canonical http URLs under kBaseUrl, a placeholder on the reserved .example domain
// until the prefecture publishes the definitions at a real address (then only kBaseUrl changes):
//   {kBaseUrl}/CodeSystem/device-kind       kDeviceKinds (registry/child.h), display = the staff pages' label (i18n)
//   {kBaseUrl}/CodeSystem/device-property   battery-hours (valueQuantity, UCUM h), needs-power (v2-0136 Y/N)
//   {kBaseUrl}/CodeSystem/consent-scope     kConsentScopes, display = the staff pages' label (i18n)
//   {kBaseUrl}/CodeSystem/care-item         the care item codes of data/master/care_items.csv
//   {kBaseUrl}/StructureDefinition/municipality-code  extension on Address, valueCode = 6-digit code
//   {kBaseUrl}/StructureDefinition/consent-method     extension on Consent, valueCode paper | web_form
//   {kBaseUrl}/StructureDefinition/watch-level        extension on CarePlan.activity.detail, high|mid|low
//
// Empty fields are left out (FHIR forbids empty strings), text is trimmed, and a date that is not an R4 date
// is left out rather than written invalid. References are relative ("Patient/child-12").
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "master/master_data.h"
#include "registry/child.h"

namespace tsunagu::registry::fhir {

inline constexpr std::string_view kBaseUrl = "https://tsunagu.example/fhir";
inline constexpr std::string_view kDefaultIdentifierSystem = "urn:tsunagu:child";

inline constexpr std::string_view kDeviceKindSystem = "https://tsunagu.example/fhir/CodeSystem/device-kind";
inline constexpr std::string_view kDevicePropertySystem = "https://tsunagu.example/fhir/CodeSystem/device-property";
inline constexpr std::string_view kConsentScopeSystem = "https://tsunagu.example/fhir/CodeSystem/consent-scope";
inline constexpr std::string_view kCareItemSystem = "https://tsunagu.example/fhir/CodeSystem/care-item";
inline constexpr std::string_view kMunicipalityCodeExtension =
    "https://tsunagu.example/fhir/StructureDefinition/municipality-code";
inline constexpr std::string_view kConsentMethodExtension =
    "https://tsunagu.example/fhir/StructureDefinition/consent-method";
inline constexpr std::string_view kWatchLevelExtension = "https://tsunagu.example/fhir/StructureDefinition/watch-level";

// "child-12"
std::string patient_id(const Child& c);

nlohmann::json patient(const Child& c,
                       const std::string& identifier_system = std::string(kDefaultIdentifierSystem));
// `index`: the diagnosis' 1-based position in c.diagnoses, for the id.
nlohmann::json condition(const Child& c, const Diagnosis& d, int index);
// `index`: the device's 1-based position in c.devices, for the id.
nlohmann::json device(const Child& c, const Device& d, int index);
// The id uses the consent's own id; `index` (1-based) stands in for a consent not yet stored (id 0).
nlohmann::json consent(const Child& c, const Consent& k, int index);
// nullopt when the child has no care items. `care_items`: the master data, for the Japanese names.
std::optional<nlohmann::json> care_plan(const Child& c, const std::vector<master::CareItem>& care_items);

// Every resource of a child: Patient first, then Conditions, Devices, Consents and the CarePlan.
std::vector<nlohmann::json> resources(const Child& c, const std::vector<master::CareItem>& care_items,
                                      const std::string& identifier_system = std::string(kDefaultIdentifierSystem));

// A collection Bundle "child-12-bundle" of resources(c); fullUrl = full_url_base + "/Patient/child-12" etc., so the relative
// references resolve inside the Bundle. Pass the server's FHIR base URL where there is one.
nlohmann::json bundle(const Child& c, const std::vector<master::CareItem>& care_items,
                      const std::string& identifier_system = std::string(kDefaultIdentifierSystem),
                      const std::string& full_url_base = std::string(kBaseUrl));

// Bulk export: the resources of every child, one compact JSON object a line, each line ending in "\n".
std::string ndjson(const std::vector<Child>& children, const std::vector<master::CareItem>& care_items,
                   const std::string& identifier_system = std::string(kDefaultIdentifierSystem));
std::string ndjson(const std::vector<nlohmann::json>& resources);

}  // namespace tsunagu::registry::fhir
